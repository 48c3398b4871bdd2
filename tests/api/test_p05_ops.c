/*
 * test_p05_ops.c - operations: /healthz, /readyz, /metrics, the access log
 * (one structured line per request), the port file, and graceful shutdown
 * (a request in flight at SIGTERM completes, the database closes cleanly).
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "harness.h"

static struct srv S;

static int setup(void **state)
{
    (void)state;
    return srv_start(&S, NULL);
}

static int teardown(void **state)
{
    (void)state;
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static void health_and_readiness(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(api_get(&S, "/healthz", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
    resp_free(&r);
    assert_int_equal(api_get(&S, "/readyz", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ready");
    resp_free(&r);
}

/* The value of a metric line starting with prefix, or -1. */
static double metric(const char *text, const char *prefix)
{
    const char *p = text;
    size_t n = strlen(prefix);
    while ((p = strstr(p, prefix))) {
        if (p == text || p[-1] == '\n') {
            const char *sp = strchr(p + n, ' ');
            if (sp && (p[n] == ' ' || p[n] == '{' || p + n == sp))
                return strtod(sp + 1, NULL);
        }
        p += n;
    }
    return -1;
}

static void metrics_count_requests_by_route_and_status(void **state)
{
    (void)state;
    struct http_resp r;
    assert_int_equal(api_get(&S, "/metrics", NULL, &r), 0);
    const char *line = "agora_http_requests_total{method=\"GET\",route=\"/v1/me\",status=\"401\"}";
    double before = metric(r.body, line);
    resp_free(&r);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(api_get(&S, "/v1/me", NULL, &r), 0);
        resp_free(&r);
    }
    assert_int_equal(api_get(&S, "/metrics", NULL, &r), 0);
    assert_int_equal(r.status, 200);
    char ct[128];
    assert_true(resp_header(&r, "Content-Type", ct, sizeof ct));
    assert_non_null(strstr(ct, "text/plain"));
    assert_true(metric(r.body, line) == (before < 0 ? 0 : before) + 3);
    assert_non_null(strstr(r.body, "# TYPE agora_http_request_duration_seconds histogram"));
    assert_true(metric(r.body, "agora_http_request_duration_seconds_count{method=\"GET\","
                               "route=\"/v1/me\"}") >= 3);
    double statements = metric(r.body, "agora_db_statements_total");
    double db_time = metric(r.body, "agora_db_time_seconds_total");
    assert_true(statements > 0);
    assert_true(db_time >= 0);
    resp_free(&r);
    /* Database work counts: three sign-ups add statements and time. */
    for (int i = 0; i < 3; i++) {
        char *tok = api_signup(&S, harness_email("metrics"), "correct-horse");
        assert_non_null(tok);
        free(tok);
    }
    assert_int_equal(api_get(&S, "/metrics", NULL, &r), 0);
    assert_true(metric(r.body, "agora_db_statements_total") >= statements + 3);
    assert_true(metric(r.body, "agora_db_time_seconds_total") > db_time);
    resp_free(&r);
}

static void access_log_has_one_line_per_request(void **state)
{
    (void)state;
    const char *h[] = {"X-Request-Id: access-log-probe-1", NULL};
    struct http_resp r;
    assert_int_equal(http_do(&S, "GET", "/v1/admin/users", NULL, NULL, 0, h, &r), 0);
    assert_int_equal(r.status, 401);
    resp_free(&r);
    char path[400];
    snprintf(path, sizeof path, "%s/access.log", S.dir);
    /* The line is written when the request completes; allow a moment. */
    json_t *found = NULL;
    for (int tries = 0; tries < 100 && !found; tries++) {
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        char line[4096];
        while (fgets(line, sizeof line, f)) {
            if (!strstr(line, "access-log-probe-1"))
                continue;
            found = json_loads(line, 0, NULL);
            assert_non_null(found); /* every line is JSON */
        }
        fclose(f);
        if (!found)
            usleep(10000);
    }
    assert_non_null(found);
    assert_string_equal(json_string_value(json_object_get(found, "id")), "access-log-probe-1");
    assert_string_equal(json_string_value(json_object_get(found, "method")), "GET");
    assert_string_equal(json_string_value(json_object_get(found, "route")), "/v1/admin/users");
    assert_int_equal(json_integer_value(json_object_get(found, "status")), 401);
    assert_true(json_integer_value(json_object_get(found, "bytes")) > 0);
    assert_true(json_is_integer(json_object_get(found, "duration_us")));
    assert_non_null(json_object_get(found, "time"));
    json_decref(found);
}

struct slow_login {
    struct srv *s;
    const char *email;
    long status;
};

static void *slow_login_thread(void *arg)
{
    struct slow_login *l = arg;
    struct srv copy = *l->s; /* same server, its own connection */
    copy.curl = curl_easy_init();
    char *tok = api_login(&copy, l->email, "correct-horse-staple");
    l->status = tok ? 200 : 0;
    free(tok);
    curl_easy_cleanup(copy.curl);
    return NULL;
}

static void shutdown_lets_requests_in_flight_finish(void **state)
{
    (void)state;
    struct srv D;
    memset(&D, 0, sizeof D);
    assert_int_equal(srv_start(&D, NULL), 0);
    /* An account whose password hash is expensive makes a login take a
     * noticeable time: the request is still running when SIGTERM comes. */
    char email[160];
    snprintf(email, sizeof email, "%s", harness_email("slow"));
    const char *args[] = {"user",
                          "add",
                          "--email",
                          email,
                          "--role",
                          "shopper",
                          "--password",
                          "correct-horse-staple",
                          "--password-cost",
                          "moderate",
                          NULL};
    char out[512];
    assert_int_equal(srv_cli(&D, args, out, sizeof out), 0);
    struct slow_login l = {.s = &D, .email = email};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, slow_login_thread, &l), 0);
    usleep(150000); /* the login is hashing now */
    kill(D.pid, SIGTERM);
    pthread_join(t, NULL);
    assert_int_equal(l.status, 200);
    pid_t pid = D.pid;
    assert_int_equal(srv_stop(&D), 0); /* exit status 0: a clean stop */
    (void)pid;
    /* SQLite removes the WAL file when the last connection closes cleanly. */
    if (strncmp(D.db, "postgres", 8) != 0) {
        char wal[600];
        struct stat st;
        snprintf(wal, sizeof wal, "%s-wal", D.db);
        assert_int_not_equal(stat(wal, &st), 0);
    }
    srv_cleanup(&D);
}

static void port_file_names_the_bound_port(void **state)
{
    (void)state;
    char path[400];
    snprintf(path, sizeof path, "%s/port", S.dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int port = 0;
    assert_int_equal(fscanf(f, "%d", &port), 1);
    fclose(f);
    assert_int_equal(port, S.port);
    assert_true(port > 0 && port < 65536);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(health_and_readiness),
        cmocka_unit_test(metrics_count_requests_by_route_and_status),
        cmocka_unit_test(access_log_has_one_line_per_request),
        cmocka_unit_test(port_file_names_the_bound_port),
        cmocka_unit_test(shutdown_lets_requests_in_flight_finish),
    };
    return cmocka_run_group_tests_name("p05_ops", tests, setup, teardown);
}
