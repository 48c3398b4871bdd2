/*
 * test_p08_cli.c - the command line an operator relies on: every command
 * has --help, flags win over environment variables, bad flags are refused,
 * `serve` never seeds, `seed --demo` does (once), `user add` validates, and
 * a database with a newer incompatible schema is refused with a clear
 * message while a newer compatible one is served.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

/* Runs the binary with argv (NULL-ended) and optional environment
 * additions; captures stdout+stderr. Returns the exit status. */
static int run(const char *const *argv, const char *const *env, char *out, size_t outlen)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[0]);
        for (int i = 0; env && env[i]; i++)
            putenv((char *)env[i]);
        const char *full[32];
        int n = 0;
        full[n++] = harness_bin();
        for (int i = 0; argv[i] && n < 31; i++)
            full[n++] = argv[i];
        full[n] = NULL;
        execv(full[0], (char *const *)full);
        _exit(127);
    }
    close(fds[1]);
    size_t got = 0;
    ssize_t r;
    char tmp[4096];
    while ((r = read(fds[0], tmp, sizeof tmp)) > 0)
        for (ssize_t i = 0; i < r && got + 1 < outlen; i++)
            out[got++] = tmp[i];
    out[got] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char out[65536];

static void every_command_has_help(void **state)
{
    (void)state;
    const char *cmds[] = {"serve", "migrate", "seed", "backup", "user"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        const char *argv[] = {cmds[i], "--help", NULL};
        assert_int_equal(run(argv, NULL, out, sizeof out), 0);
        assert_non_null(strstr(out, "usage: agora"));
        assert_non_null(strstr(out, "--db"));
        assert_non_null(strstr(out, "AGORA_DB"));
    }
    const char *serve[] = {"serve", "--help", NULL};
    run(serve, NULL, out, sizeof out);
    const char *must[] = {"--listen", "AGORA_LISTEN", "--web-dir", "AGORA_WEB_DIR", "--log",
                          "AGORA_LOG", "--port-file"};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        assert_non_null(strstr(out, must[i]));
    const char *top[] = {"--help", NULL};
    assert_int_equal(run(top, NULL, out, sizeof out), 0);
    assert_non_null(strstr(out, "backup"));
    const char *version[] = {"version", NULL};
    assert_int_equal(run(version, NULL, out, sizeof out), 0);
    assert_non_null(strstr(out, "agora "));
    const char *version_help[] = {"version", "--help", NULL};
    assert_int_equal(run(version_help, NULL, out, sizeof out), 0);
    assert_non_null(strstr(out, "usage: agora version"));
    const char *user_add_help[] = {"user", "add", "--help", NULL};
    assert_int_equal(run(user_add_help, NULL, out, sizeof out), 0);
    assert_non_null(strstr(out, "usage: agora user add"));
    assert_non_null(strstr(out, "--role"));
}

static void bad_usage_exits_2(void **state)
{
    (void)state;
    const char *a[] = {"frobnicate", NULL};
    assert_int_equal(run(a, NULL, out, sizeof out), 2);
    const char *b[] = {"serve", "--no-such-flag", NULL};
    assert_int_equal(run(b, NULL, out, sizeof out), 2);
    assert_non_null(strstr(out, "--no-such-flag"));
    const char *c[] = {"serve", "--threads", "lots", NULL};
    assert_int_equal(run(c, NULL, out, sizeof out), 2);
    const char *d[] = {"serve", "--threads", "100000", NULL};
    assert_int_equal(run(d, NULL, out, sizeof out), 2);
    const char *e[] = {"backup", NULL};
    assert_int_equal(run(e, NULL, out, sizeof out), 2);
}

static void flag_wins_over_environment(void **state)
{
    (void)state;
    struct srv s;
    assert_int_equal(srv_prepare(&s), 0);
    char env_pf[512], flag_pf[400], envdb[600];
    snprintf(env_pf, sizeof env_pf, "AGORA_PORT_FILE=%s/env-port", s.dir);
    snprintf(flag_pf, sizeof flag_pf, "%s/flag-port", s.dir);
    snprintf(envdb, sizeof envdb, "AGORA_DB=%s", s.db);
    /* serve with the port file in both: the flag's file must be written. */
    pid_t pid = fork();
    if (pid == 0) {
        putenv(env_pf);
        putenv(envdb);
        int fd = open("/dev/null", 1);
        dup2(fd, 2);
        execl(harness_bin(), harness_bin(), "serve", "--listen", "127.0.0.1:0", "--port-file",
              flag_pf, "--access-log", "off", (char *)NULL);
        _exit(127);
    }
    char envfile[400];
    snprintf(envfile, sizeof envfile, "%s/env-port", s.dir);
    int seen = 0;
    for (int i = 0; i < 2000 && !seen; i++) {
        seen = access(flag_pf, F_OK) == 0;
        usleep(10000);
    }
    assert_true(seen);
    assert_int_not_equal(access(envfile, F_OK), 0);
    /* And the environment's database was used (no --db flag given). */
    assert_true(db_count(&s, "SELECT COUNT(*) FROM schema_migrations") >= 1);
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    srv_cleanup(&s);
}

static void serve_never_seeds_but_seed_does_once(void **state)
{
    (void)state;
    struct srv s;
    memset(&s, 0, sizeof s);
    assert_int_equal(srv_start(&s, NULL), 0);
    assert_int_equal(db_count(&s, "SELECT COUNT(*) FROM accounts"), 0);
    assert_int_equal(srv_stop(&s), 0);
    const char *seed[] = {"seed", "--demo", "--password-cost", "min", NULL};
    assert_int_equal(srv_cli(&s, seed, out, sizeof out), 0);
    assert_non_null(strstr(out, "@demo.agora.test"));
    long n = db_count(&s, "SELECT COUNT(*) FROM accounts");
    assert_true(n >= 2);
    assert_int_equal(srv_cli(&s, seed, out, sizeof out), 0);
    assert_int_equal(db_count(&s, "SELECT COUNT(*) FROM accounts"), n);
    srv_cleanup(&s);
}

static void user_add_validates_and_creates(void **state)
{
    (void)state;
    struct srv s;
    memset(&s, 0, sizeof s);
    assert_int_equal(srv_prepare(&s), 0);
    const char *bad_email[] = {"user", "add", "--email", "nope", "--password", "long-enough-1",
                               NULL};
    assert_int_equal(srv_cli(&s, bad_email, out, sizeof out), 2);
    const char *short_pw[] = {"user", "add", "--email", "a@b.example", "--password", "short", NULL};
    assert_int_equal(srv_cli(&s, short_pw, out, sizeof out), 2);
    const char *staff_no_retailer[] = {"user", "add", "--email", "a@b.example", "--role", "staff",
                                       "--password", "long-enough-1", NULL};
    assert_int_equal(srv_cli(&s, staff_no_retailer, out, sizeof out), 2);
    const char *ok[] = {"user", "add", "--email", "Boss@B.example", "--password", "long-enough-1",
                        "--password-cost", "min", NULL};
    assert_int_equal(srv_cli(&s, ok, out, sizeof out), 0);
    assert_int_equal(
        db_count(&s, "SELECT COUNT(*) FROM accounts WHERE email = 'boss@b.example' AND role = 'admin'"),
        1);
    assert_int_equal(srv_cli(&s, ok, out, sizeof out), 1); /* exists */
    srv_cleanup(&s);
}

static void newer_schema_is_refused_unless_compatible(void **state)
{
    (void)state;
    struct srv s;
    memset(&s, 0, sizeof s);
    assert_int_equal(srv_start(&s, NULL), 0);
    assert_int_equal(srv_stop(&s), 0);
    /* A later release added a compatible (additive) migration: served. */
    assert_int_equal(db_exec(&s, "INSERT INTO schema_migrations (version, name, applied_at, breaking) "
                                 "VALUES (9998, 'future additive column', 0, 0)"),
                     0);
    assert_int_equal(srv_start(&s, NULL), 0);
    assert_int_equal(srv_stop(&s), 0);
    /* ...and an incompatible one: refused, with a message that says so. */
    assert_int_equal(db_exec(&s, "INSERT INTO schema_migrations (version, name, applied_at, breaking) "
                                 "VALUES (9999, 'future rewrite', 0, 1)"),
                     0);
    const char *serve[] = {"serve", "--listen", "127.0.0.1:0", NULL};
    int rc = srv_cli(&s, serve, out, sizeof out);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(out, "9999"));
    assert_non_null(strstr(out, "newer"));
    const char *check[] = {"migrate", "--check", NULL};
    assert_int_equal(srv_cli(&s, check, out, sizeof out), 1);
    srv_cleanup(&s);
}

static void migrate_reports_and_applies(void **state)
{
    (void)state;
    struct srv s;
    memset(&s, 0, sizeof s);
    assert_int_equal(srv_prepare(&s), 0);
    const char *check[] = {"migrate", "--check", NULL};
    assert_int_equal(srv_cli(&s, check, out, sizeof out), 0);
    assert_null(strstr(out, " 0 migration"));
    const char *apply[] = {"migrate", NULL};
    assert_int_equal(srv_cli(&s, apply, out, sizeof out), 0);
    assert_int_equal(srv_cli(&s, check, out, sizeof out), 0);
    assert_non_null(strstr(out, "0 migration(s) pending"));
    srv_cleanup(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_command_has_help),
        cmocka_unit_test(bad_usage_exits_2),
        cmocka_unit_test(flag_wins_over_environment),
        cmocka_unit_test(serve_never_seeds_but_seed_does_once),
        cmocka_unit_test(user_add_validates_and_creates),
        cmocka_unit_test(newer_schema_is_refused_unless_compatible),
        cmocka_unit_test(migrate_reports_and_applies),
    };
    return cmocka_run_group_tests_name("p08_cli", tests, NULL, NULL);
}
