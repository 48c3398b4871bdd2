/*
 * test_log.c - src/core/log.c: the JSON-lines application log and the
 * access log.
 *
 * Operators feed these lines to log tools that parse each one as JSON, so
 * every line must be one complete JSON object whatever the message holds
 * (quotes, backslashes, control characters, fields longer than the line
 * buffer), the level filter must drop what it should, and the access log
 * must be off when set to "off".  Lines are read back from a temporary file
 * and parsed with jansson.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/log.h"

static char dir[256];
static char app_path[300], access_path[300];

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/agora-log-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    snprintf(app_path, sizeof app_path, "%s/app.log", dir);
    snprintf(access_path, sizeof access_path, "%s/access.log", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    log_close();
    unlink(app_path);
    unlink(access_path);
    rmdir(dir);
    return 0;
}

/* Starts a fresh application log file at level. */
static void fresh_log(enum log_level level)
{
    unlink(app_path);
    assert_int_equal(log_open(app_path), 0);
    log_set_level(level);
}

/* Reads the log back: parses every line into lines[] (at most max), and
 * returns how many there were; fails on a line that is not JSON. */
static int read_lines(json_t **lines, int max)
{
    log_close(); /* back to stderr; the file is complete */
    FILE *f = fopen(app_path, "r");
    assert_non_null(f);
    static char line[8192];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        assert_true(len > 0 && line[len - 1] == '\n'); /* whole lines only */
        json_error_t err;
        json_t *v = json_loads(line, 0, &err);
        if (!json_is_object(v))
            fail_msg("not a JSON object (%s): %s", err.text, line);
        if (n < max)
            lines[n] = v;
        else
            json_decref(v);
        n++;
    }
    fclose(f);
    return n;
}

static void free_lines(json_t **lines, int n)
{
    for (int i = 0; i < n; i++)
        json_decref(lines[i]);
}

static const char *field(json_t *line, const char *key)
{
    return json_string_value(json_object_get(line, key));
}

static void each_message_is_one_json_line_with_time_level_and_fields(void **state)
{
    (void)state;
    fresh_log(LOG_DEBUG);
    log_info("listening", "\"port\":%d,\"url\":\"%s\"", 8080, "http://127.0.0.1:8080/");
    log_warn("plain", NULL);
    log_error("quote \" backslash \\ newline \n tab \t bell \x07 del \x7f", NULL);
    log_debug("caf\xC3\xA9 \xF0\x9F\x9B\x92", NULL);
    json_t *l[8];
    int n = read_lines(l, 8);
    assert_int_equal(n, 4);
    assert_string_equal(field(l[0], "msg"), "listening");
    assert_string_equal(field(l[0], "level"), "info");
    assert_int_equal(json_integer_value(json_object_get(l[0], "port")), 8080);
    assert_string_equal(field(l[0], "url"), "http://127.0.0.1:8080/");
    assert_non_null(field(l[0], "time"));
    assert_string_equal(field(l[1], "level"), "warn");
    assert_string_equal(field(l[2], "msg"),
                        "quote \" backslash \\ newline \n tab \t bell \x07 del \x7f");
    assert_string_equal(field(l[2], "level"), "error");
    assert_string_equal(field(l[3], "msg"), "caf\xC3\xA9 \xF0\x9F\x9B\x92");
    free_lines(l, n);
}

static void the_level_filter_drops_lower_levels(void **state)
{
    (void)state;
    fresh_log(LOG_WARN);
    log_debug("d", NULL);
    log_info("i", NULL);
    log_warn("w", NULL);
    log_error("e", NULL);
    json_t *l[8];
    int n = read_lines(l, 8);
    assert_int_equal(n, 2);
    assert_string_equal(field(l[0], "msg"), "w");
    assert_string_equal(field(l[1], "msg"), "e");
    free_lines(l, n);
    assert_int_equal(log_level_parse("debug"), LOG_DEBUG);
    assert_int_equal(log_level_parse("info"), LOG_INFO);
    assert_int_equal(log_level_parse("warn"), LOG_WARN);
    assert_int_equal(log_level_parse("error"), LOG_ERROR);
    assert_int_equal(log_level_parse("INFO"), -1);
    assert_int_equal(log_level_parse("warning"), -1);
    assert_int_equal(log_level_parse(""), -1);
}

static void an_oversized_line_is_cut_but_stays_one_json_line(void **state)
{
    (void)state;
    fresh_log(LOG_INFO);
    static char big[6000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    log_info("big", "\"x\":\"%s\"", big); /* fields past the line buffer */
    log_info(big, NULL);                    /* a message past its buffer */
    log_info("after", "\"n\":%d", 1);
    json_t *l[4];
    int n = read_lines(l, 4); /* fails on any line that is not JSON */
    assert_int_equal(n, 3);
    assert_string_equal(field(l[0], "msg"), "big");
    assert_true(json_is_true(json_object_get(l[0], "truncated")));
    assert_int_equal(strspn(field(l[1], "msg"), "x"), strlen(field(l[1], "msg")));
    assert_string_equal(field(l[2], "msg"), "after");
    assert_int_equal(json_integer_value(json_object_get(l[2], "n")), 1);
    free_lines(l, n);
}

static void escaping_is_json_and_never_overruns(void **state)
{
    (void)state;
    char out[64];
    log_escape(out, sizeof out, "a\"b\\c\nd\x01");
    /* Wrapped in quotes it must be the JSON string of the input. */
    char doc[80];
    snprintf(doc, sizeof doc, "[\"%s\"]", out);
    json_t *v = json_loads(doc, 0, NULL);
    assert_non_null(v);
    assert_string_equal(json_string_value(json_array_get(v, 0)), "a\"b\\c\nd\x01");
    json_decref(v);

    /* Truncation keeps whole escapes, whole UTF-8 characters (jansson
     * refuses half of one) and the terminating NUL. */
    static const char *const inputs[] = {"\x01\x02\"\"abcdefghijklmnop",
                                         "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x9B\x92\xC3\xA9\xE2\x82\xAC"
                                         "\xF0\x9F\x9B\x92\xF0\x9F\x9B\x92"};
    for (size_t i = 0; i < 2; i++)
        for (size_t len = 1; len < 24; len++) {
            char small[24];
            memset(small, '#', sizeof small);
            size_t n = log_escape(small, len, inputs[i]);
            assert_true(n < len);
            assert_int_equal(small[n], '\0');
            if (i == 1) /* nothing to escape: a prefix of the input */
                assert_memory_equal(small, inputs[1], n);
            snprintf(doc, sizeof doc, "[\"%s\"]", small);
            v = json_loads(doc, 0, NULL);
            if (!v)
                fail_msg("cut at %zu: '%s' is not a JSON string body", len, small);
            json_decref(v);
        }
    assert_int_equal(log_escape(out, 0, "abc"), 0);
}

static void the_access_log_is_a_separate_stream_that_can_be_off(void **state)
{
    (void)state;
    assert_int_equal(log_access_open("off"), 0);
    assert_false(log_access_enabled());
    log_access_write("dropped\n", 8); /* no crash, nowhere */
    assert_int_equal(log_access_open(access_path), 0);
    assert_true(log_access_enabled());
    log_access_write("{\"a\":1}\n", 8);
    log_access_write("{\"a\":2}\n", 8);
    log_close();
    assert_false(log_access_enabled());
    FILE *f = fopen(access_path, "r");
    assert_non_null(f);
    char buf[64] = "";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    assert_string_equal(buf, "{\"a\":1}\n{\"a\":2}\n");
    char nowhere[400];
    snprintf(nowhere, sizeof nowhere, "%s/no/such/dir/log", dir);
    assert_int_equal(log_open(nowhere), -1);
    assert_int_equal(log_access_open(nowhere), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_message_is_one_json_line_with_time_level_and_fields),
        cmocka_unit_test(the_level_filter_drops_lower_levels),
        cmocka_unit_test(an_oversized_line_is_cut_but_stays_one_json_line),
        cmocka_unit_test(escaping_is_json_and_never_overruns),
        cmocka_unit_test(the_access_log_is_a_separate_stream_that_can_be_off),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
