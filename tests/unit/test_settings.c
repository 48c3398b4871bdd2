/*
 * test_settings.c - src/core/settings.c: the one parser of defaults,
 * environment variables and command-line flags.
 *
 * Operators rely on the documented precedence (default < environment <
 * flag, docs/configuration.md), on a typo or a bad number stopping the
 * program with a message instead of running with a silent default, and on
 * command options and positional arguments (`agora backup FILE`) reaching
 * the command.  Every AGORA_* variable the tests touch is cleared first.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/settings.h"

/* A command's own options, as `seed --demo` or `user add --role` have. */
struct opts {
    int demo;
    int64_t count;
    const char *role;
};

static const struct setting_def opt_defs[] = {
    {"demo", NULL, SET_BOOL, offsetof(struct opts, demo), "", 0, 0, CMD_SEED, "Load demo data"},
    {"count", "AGORA_TEST_COUNT", SET_INT, offsetof(struct opts, count), "3", 1, 10, CMD_SEED,
     "How many"},
    {"role", NULL, SET_STR, offsetof(struct opts, role), "shopper", 0, 0, CMD_SEED, "Role"},
};
#define NOPTS (sizeof opt_defs / sizeof opt_defs[0])

static const char *const vars[] = {"AGORA_DB",      "AGORA_LISTEN",       "AGORA_THREADS",
                                   "AGORA_BUSY_TIMEOUT", "AGORA_TIME_OFFSET", "AGORA_TEST_COUNT",
                                   "AGORA_LOG"};

static int clear_env(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
    return 0;
}

struct parsed {
    int rc;
    struct config cfg;
    struct opts o;
    char *pos[4];
    int npos;
};

/* Parses a NULL-ended argument list (after the command name) for cmd. */
static struct parsed parse_args(unsigned cmd, const char *const *args)
{
    static char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)"agora";
    for (; args && *args && argc < 31; args++)
        argv[argc++] = (char *)*args;
    argv[argc] = NULL;
    struct parsed p;
    memset(&p, 0, sizeof p);
    p.rc = settings_parse(&p.cfg, cmd, opt_defs, NOPTS, &p.o, "usage: agora test", argc, argv, 1,
                          p.pos, 2, &p.npos);
    return p;
}

static void defaults_apply_when_nothing_is_given(void **state)
{
    (void)state;
    struct parsed p = parse_args(CMD_SERVE, NULL);
    assert_int_equal(p.rc, 0);
    /* The documented defaults (docs/configuration.md). */
    assert_string_equal(p.cfg.db, "agora.db");
    assert_string_equal(p.cfg.listen, "127.0.0.1:8080");
    assert_int_equal(p.cfg.threads, 0);
    assert_int_equal(p.cfg.busy_timeout_ms, 5000);
    assert_int_equal(p.npos, 0);
}

static void the_environment_overrides_defaults_and_flags_override_both(void **state)
{
    (void)state;
    setenv("AGORA_THREADS", "4", 1);
    setenv("AGORA_LISTEN", "0.0.0.0:9000", 1);
    struct parsed p = parse_args(CMD_SERVE, NULL);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.cfg.threads, 4);
    assert_string_equal(p.cfg.listen, "0.0.0.0:9000");

    const char *flags[] = {"--threads", "8", "--listen=127.0.0.1:0", NULL};
    p = parse_args(CMD_SERVE, flags);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.cfg.threads, 8);
    assert_string_equal(p.cfg.listen, "127.0.0.1:0");

    /* The last of two flags wins; negative values pass as values. */
    const char *twice[] = {"--threads=2", "--threads", "3", "--time-offset", "-86400", NULL};
    p = parse_args(CMD_SERVE, twice);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.cfg.threads, 3);
    assert_int_equal(p.cfg.time_offset, -86400);
}

static void a_bad_environment_value_is_an_error_even_under_a_flag(void **state)
{
    (void)state;
    setenv("AGORA_THREADS", "lots", 1);
    /* A bad variable is an error even when a flag would override it: the
     * operator should learn that their environment is wrong. */
    const char *flags[] = {"--threads", "2", NULL};
    assert_int_equal(parse_args(CMD_SERVE, flags).rc, -1);
    assert_int_equal(parse_args(CMD_SERVE, NULL).rc, -1);
}

static void bad_and_out_of_range_integers_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "abc", "4x", "0x10", "1.5", " 4", "+4", "-1",
                                      "257", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *flags[] = {"--threads", bad[i], NULL};
        if (parse_args(CMD_SERVE, flags).rc != -1)
            fail_msg("--threads '%s' accepted", bad[i]);
        setenv("AGORA_THREADS", bad[i], 1);
        if (parse_args(CMD_SERVE, NULL).rc != -1)
            fail_msg("AGORA_THREADS='%s' accepted", bad[i]);
        unsetenv("AGORA_THREADS");
    }
    /* The bounds themselves are accepted. */
    const char *lo[] = {"--threads=0", "--busy-timeout=600000", NULL};
    struct parsed p = parse_args(CMD_SERVE, lo);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.cfg.threads, 0);
    assert_int_equal(p.cfg.busy_timeout_ms, 600000);
    const char *hi[] = {"--threads=256", "--busy-timeout=600001", NULL};
    assert_int_equal(parse_args(CMD_SERVE, hi).rc, -1);
}

static void unknown_flags_and_missing_values_are_refused(void **state)
{
    (void)state;
    const char *typo[] = {"--thread", "4", NULL};
    assert_int_equal(parse_args(CMD_SERVE, typo).rc, -1);
    const char *prefix[] = {"--list=127.0.0.1:1", NULL};
    assert_int_equal(parse_args(CMD_SERVE, prefix).rc, -1);
    const char *missing[] = {"--db", NULL};
    assert_int_equal(parse_args(CMD_SERVE, missing).rc, -1);
    /* A setting of another command is unknown to this one. */
    const char *other[] = {"--listen", "127.0.0.1:1", NULL};
    assert_int_equal(parse_args(CMD_MIGRATE, other).rc, -1);
    const char *opt_elsewhere[] = {"--demo", NULL};
    assert_int_equal(parse_args(CMD_SERVE, opt_elsewhere).rc, -1);
}

static void command_options_have_defaults_env_and_bool_flags(void **state)
{
    (void)state;
    struct parsed p = parse_args(CMD_SEED, NULL);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.o.demo, 0);
    assert_int_equal(p.o.count, 3);
    assert_string_equal(p.o.role, "shopper");

    setenv("AGORA_TEST_COUNT", "7", 1);
    const char *flags[] = {"--demo", "--role", "admin", NULL};
    p = parse_args(CMD_SEED, flags);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.o.demo, 1);
    assert_int_equal(p.o.count, 7);
    assert_string_equal(p.o.role, "admin");

    static const char *const yes[] = {"--demo=true", "--demo=1", "--demo=yes"};
    static const char *const no[] = {"--demo=false", "--demo=0", "--demo=no", "--demo="};
    for (size_t i = 0; i < 3; i++) {
        const char *a[] = {yes[i], NULL};
        p = parse_args(CMD_SEED, a);
        assert_int_equal(p.rc, 0);
        assert_int_equal(p.o.demo, 1);
    }
    for (size_t i = 0; i < 4; i++) {
        const char *a[] = {"--demo", no[i], NULL};
        p = parse_args(CMD_SEED, a);
        assert_int_equal(p.rc, 0);
        assert_int_equal(p.o.demo, 0);
    }
    const char *maybe[] = {"--demo=maybe", NULL};
    assert_int_equal(parse_args(CMD_SEED, maybe).rc, -1);
    const char *range[] = {"--count", "11", NULL};
    assert_int_equal(parse_args(CMD_SEED, range).rc, -1);
    /* Settings of the command still apply next to its options. */
    const char *both[] = {"--db", "x.db", "--count=10", NULL};
    p = parse_args(CMD_SEED, both);
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.cfg.db, "x.db");
    assert_int_equal(p.o.count, 10);
}

static void positional_arguments_reach_the_command_in_order(void **state)
{
    (void)state;
    const char *args[] = {"first.db", "--db", "live.db", "second", NULL};
    struct parsed p = parse_args(CMD_BACKUP, args);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.npos, 2);
    assert_string_equal(p.pos[0], "first.db");
    assert_string_equal(p.pos[1], "second");
    assert_string_equal(p.cfg.db, "live.db");
    /* More than the command takes: refused, not dropped. */
    const char *three[] = {"a", "b", "c", NULL};
    assert_int_equal(parse_args(CMD_BACKUP, three).rc, -1);
}

/* parse_args with the help text (on stdout) sent to /dev/null. */
static int parse_quietly(unsigned cmd, const char *const *args)
{
    fflush(stdout);
    int saved = dup(1);
    int null = open("/dev/null", O_WRONLY);
    assert_true(saved >= 0 && null >= 0);
    dup2(null, 1);
    close(null);
    int rc = parse_args(cmd, args).rc;
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    return rc;
}

static void help_is_its_own_result(void **state)
{
    (void)state;
    const char *args[] = {"--help", NULL};
    assert_int_equal(parse_quietly(CMD_SERVE, args), 1);
    const char *h[] = {"--threads", "2", "-h", NULL};
    assert_int_equal(parse_quietly(CMD_SERVE, h), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(defaults_apply_when_nothing_is_given, clear_env),
        cmocka_unit_test_setup(the_environment_overrides_defaults_and_flags_override_both,
                               clear_env),
        cmocka_unit_test_setup(a_bad_environment_value_is_an_error_even_under_a_flag,
                               clear_env),
        cmocka_unit_test_setup(bad_and_out_of_range_integers_are_refused, clear_env),
        cmocka_unit_test_setup(unknown_flags_and_missing_values_are_refused, clear_env),
        cmocka_unit_test_setup(command_options_have_defaults_env_and_bool_flags, clear_env),
        cmocka_unit_test_setup(positional_arguments_reach_the_command_in_order, clear_env),
        cmocka_unit_test_setup(help_is_its_own_result, clear_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
