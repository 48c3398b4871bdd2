/*
 * test_p20_multi_instance.c - several `agora serve` instances on one
 * PostgreSQL database behave as one service (issue 4):
 *   - instances that start together apply the migrations once;
 *   - a write through one instance is read through the other;
 *   - an idempotent retry sent to the other instance does not run twice;
 *   - a logout through one is honoured by the other;
 *   - the hot read (GET /v1/me) is answered from each instance's memory, yet
 *     a read right after a write through the other instance is fresh, also
 *     after a database restart; login limits add up;
 *   - a check-then-write rule ("keep one admin") holds across instances;
 *   - stopping PostgreSQL gives 503 with Retry-After, service comes back by
 *     itself when it restarts, and no acknowledged write is lost.
 * These run on a private cluster (tests/lib/pgcluster.sh) that the test may
 * stop and start without disturbing other test files; on the SQLite pass
 * they are skipped.  (The rolling-upgrade rule, newer compatible schema
 * served and incompatible refused, is in test_p08_cli on both engines.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define N_INSTANCES 3

static struct pgc C;
static struct srv S[N_INSTANCES]; /* S[0] owns the database; the others are peers */
static int have_cluster;

static int setup(void **state)
{
    (void)state;
    if (!harness_pg())
        return 0;
    if (pgc_new(&C) != 0)
        return -1;
    have_cluster = 1;
    /* srv_prepare makes its databases on $AGORA_TEST_PG: point it at ours. */
    setenv("AGORA_TEST_PG", C.url, 1);
    if (srv_prepare(&S[0]) != 0)
        return -1;
    for (int i = 1; i < N_INSTANCES; i++)
        if (srv_prepare_peer(&S[i], &S[0]) != 0)
            return -1;
    /* Start them together, on a database nobody has migrated yet. */
    for (int i = 0; i < N_INSTANCES; i++)
        if (srv_spawn(&S[i], NULL) != 0)
            return -1;
    int rc = 0;
    for (int i = 0; i < N_INSTANCES; i++)
        if (srv_wait(&S[i]) != 0)
            rc = -1;
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    int rc = 0;
    for (int i = N_INSTANCES - 1; i >= 0; i--) {
        if (S[i].pid > 0 && srv_stop(&S[i]) != 0)
            rc = -1;
        if (S[i].dir[0])
            srv_cleanup(&S[i]);
    }
    if (have_cluster)
        pgc_destroy(&C);
    return rc;
}

static void need_pg(void)
{
    if (!harness_pg()) {
        print_message("needs PostgreSQL: run tests/run.sh pg (sets AGORA_TEST_PG)\n");
        skip();
    }
}

/* A client of its own for a thread: struct srv's curl handle must not be
 * shared between threads. */
static struct srv client_of(const struct srv *s)
{
    struct srv c = *s;
    c.pid = 0;
    c.curl = curl_easy_init();
    return c;
}

static void client_free(struct srv *c)
{
    curl_easy_cleanup(c->curl);
    c->curl = NULL;
}

static const char *jstr(const struct http_resp *r, const char *key)
{
    const char *v = json_string_value(json_object_get(r->json, key));
    return v ? v : "";
}

/* The account id of a token's owner. */
static char *me_id(struct srv *s, const char *token)
{
    struct http_resp r;
    assert_int_equal(api_get(s, "/v1/me", token, &r), 0);
    assert_int_equal(r.status, 200);
    char *id = strdup(jstr(&r, "id"));
    resp_free(&r);
    return id;
}

static void migrations_applied_once_when_instances_start_together(void **state)
{
    (void)state;
    need_pg();
    long versions = db_count(&S[0], "SELECT MAX(version) FROM schema_migrations");
    assert_true(versions >= 2);
    assert_int_equal(db_count(&S[0], "SELECT COUNT(*) FROM schema_migrations"), versions);
    int applied = 0;
    for (int i = 0; i < N_INSTANCES; i++) {
        int n = srv_log_count(&S[i], "\"migration applied\"");
        assert_true(n >= 0);
        applied += n;
        assert_int_equal(srv_log_count(&S[i], "failed"), 0);
        struct http_resp r;
        assert_int_equal(api_get(&S[i], "/readyz", NULL, &r), 0);
        assert_int_equal(r.status, 200);
        assert_string_equal(jstr(&r, "database"), "postgres");
        resp_free(&r);
    }
    assert_int_equal(applied, versions);
    /* The explicit step of a rolling upgrade finds nothing left to do. */
    char out[512];
    const char *args[] = {"migrate", NULL};
    assert_int_equal(srv_cli(&S[0], args, out, sizeof out), 0);
    assert_non_null(strstr(out, "0 migration(s) applied"));
    /* Two instances are enough from here on. */
    assert_int_equal(srv_stop(&S[2]), 0);
}

static void write_on_one_is_read_on_other(void **state)
{
    (void)state;
    need_pg();
    const char *email = harness_email("mi-rw");
    char *token = api_signup(&S[0], email, "a-good-password-1");
    assert_non_null(token);
    struct http_resp r;
    assert_int_equal(api_get(&S[1], "/v1/me", token, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(&r, "email"), email);
    resp_free(&r);

    /* An admin change through B is read through A. */
    char *admin = api_make_user(&S[0], harness_email("mi-admin"), "admin", 0);
    assert_non_null(admin);
    char *id = me_id(&S[1], token);
    char path[96], body[96];
    /* A staff scope names an existing retailer (made through A). */
    assert_int_equal(api_send(&S[0], "POST", "/v1/retailers", admin, "{\"name\":\"Five\"}", &r), 0);
    assert_int_equal(r.status, 201);
    char rid[32];
    snprintf(rid, sizeof rid, "%s", jstr(&r, "id"));
    resp_free(&r);
    snprintf(path, sizeof path, "/v1/admin/users/%s", id);
    snprintf(body, sizeof body, "{\"role\":\"staff\",\"retailer_id\":\"%s\"}", rid);
    assert_int_equal(api_send(&S[1], "PATCH", path, admin, body, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(api_get(&S[0], path, admin, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(&r, "role"), "staff");
    assert_string_equal(jstr(&r, "retailer_id"), rid);
    resp_free(&r);
    free(id);
    free(admin);
    free(token);
}

static void idempotent_retry_on_other_instance_does_not_write_twice(void **state)
{
    (void)state;
    need_pg();
    char *admin = api_make_user(&S[0], harness_email("mi-idem-admin"), "admin", 0);
    char *user = api_signup(&S[0], harness_email("mi-idem"), "a-good-password-1");
    assert_non_null(admin);
    assert_non_null(user);
    char *id = me_id(&S[0], user);
    char path[96], key[64];
    snprintf(path, sizeof path, "/v1/admin/users/%s", id);
    snprintf(key, sizeof key, "%s", harness_unique("key-"));
    const char *body = "{\"role\":\"admin\"}";

    struct http_resp first, retry, r;
    assert_int_equal(api_send_idem(&S[0], "PATCH", path, admin, body, key, &first), 0);
    assert_int_equal(first.status, 200);
    assert_string_equal(jstr(&first, "role"), "admin");
    /* Someone changes the account again, without a key. */
    assert_int_equal(api_send(&S[0], "PATCH", path, admin, "{\"role\":\"shopper\"}", &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);

    /* The client, unsure its request arrived, retries through instance B. */
    assert_int_equal(api_send_idem(&S[1], "PATCH", path, admin, body, key, &retry), 0);
    assert_int_equal(retry.status, 200);
    char replayed[16];
    assert_true(resp_header(&retry, "Idempotent-Replayed", replayed, sizeof replayed));
    assert_string_equal(replayed, "true");
    assert_string_equal(retry.body, first.body);
    /* ... and the retry did not run: the later change stands. */
    assert_int_equal(api_get(&S[1], path, admin, &r), 0);
    assert_string_equal(jstr(&r, "role"), "shopper");
    resp_free(&r);
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '%s'", key);
    assert_int_equal(db_count(&S[0], sql), 1);

    /* The same key with another body is refused on either instance. */
    assert_int_equal(api_send_idem(&S[1], "PATCH", path, admin, "{\"role\":\"staff\"}", key, &r),
                     0);
    assert_int_equal(r.status, 422);
    assert_string_equal(resp_code(&r), "idempotency_key_reused");
    resp_free(&r);
    resp_free(&first);
    resp_free(&retry);
    free(id);
    free(user);
    free(admin);
}

static void logout_on_one_is_honoured_by_other(void **state)
{
    (void)state;
    need_pg();
    char *token = api_signup(&S[0], harness_email("mi-logout"), "a-good-password-1");
    assert_non_null(token);
    struct http_resp r;
    assert_int_equal(api_get(&S[1], "/v1/me", token, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(api_send(&S[0], "POST", "/v1/auth/logout", token, NULL, &r), 0);
    assert_int_equal(r.status, 204);
    resp_free(&r);
    assert_int_equal(api_get(&S[1], "/v1/me", token, &r), 0);
    assert_int_equal(r.status, 401);
    assert_string_equal(resp_code(&r), "token_revoked");
    resp_free(&r);
    free(token);
}

/* agora_db_statements_total on s's /metrics, or -1. */
static long statements_run(struct srv *s)
{
    struct http_resp r;
    if (api_get(s, "/metrics", NULL, &r) != 0)
        return -1;
    const char *p = r.body ? strstr(r.body, "\nagora_db_statements_total ") : NULL;
    long n = p ? strtol(p + strlen("\nagora_db_statements_total "), NULL, 10) : -1;
    resp_free(&r);
    return n;
}

/* How many database statements s ran to answer 20 GET /v1/me, after ten
 * more that warm every worker thread's read cache. */
static long statements_for_reads(struct srv *s, const char *token)
{
    struct http_resp r;
    for (int i = 0; i < 10; i++) {
        assert_int_equal(api_get(s, "/v1/me", token, &r), 0);
        assert_int_equal(r.status, 200);
        resp_free(&r);
    }
    long before = statements_run(s);
    for (int i = 0; i < 20; i++) {
        assert_int_equal(api_get(s, "/v1/me", token, &r), 0);
        assert_int_equal(r.status, 200);
        resp_free(&r);
    }
    long after = statements_run(s);
    assert_true(before >= 0 && after >= before);
    return after - before;
}

/* Renames the account through a; b answers with the new name at once. */
static void rename_seen_elsewhere(struct srv *a, struct srv *b, const char *token,
                                  const char *name)
{
    char body[96];
    snprintf(body, sizeof body, "{\"display_name\":\"%s\"}", name);
    struct http_resp r;
    assert_int_equal(api_send(a, "PATCH", "/v1/me", token, body, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(api_get(b, "/v1/me", token, &r), 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(&r, "display_name"), name);
    resp_free(&r);
}

/* GET /v1/me is the hottest read (a process may keep it in memory): after
 * a change through the other instance, the very next read shows it, and a
 * password change through one ends the other sessions on both. */
static void reads_after_a_write_elsewhere_are_fresh(void **state)
{
    (void)state;
    need_pg();
    const char *email = harness_email("mi-fresh");
    char *token = api_signup(&S[0], email, "a-good-password-1");
    char *other = api_login(&S[1], email, "a-good-password-1");
    assert_non_null(token);
    assert_non_null(other);
    struct http_resp r;
    for (int round = 0; round < 5; round++) {
        /* Both answer from memory (the read cache is on with PostgreSQL:
         * without it each read runs about eight statements) ... */
        for (int i = 0; i < 2; i++)
            assert_true(statements_for_reads(&S[i], token) < 20);
        /* ... and after a change through one, the other answers with it. */
        char want[32];
        snprintf(want, sizeof want, "Name %d", round);
        rename_seen_elsewhere(&S[round % 2], &S[(round + 1) % 2], token, want);
    }
    assert_int_equal(api_get(&S[1], "/v1/me", other, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(api_send(&S[0], "POST", "/v1/me/password", token,
                              "{\"current_password\":\"a-good-password-1\","
                              "\"new_password\":\"a-good-password-2\"}",
                              &r),
                     0);
    assert_int_equal(r.status, 204);
    resp_free(&r);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(api_get(&S[i], "/v1/me", other, &r), 0);
        assert_int_equal(r.status, 401);
        assert_string_equal(resp_code(&r), "token_revoked");
        resp_free(&r);
    }
    free(token);
    free(other);
}

/* Failed logins count in the database: spread over both instances they
 * add up to one limit (the default, 10 per account), and the 429 comes
 * from whichever instance gets the next attempt. */
static void login_limits_add_up_across_instances(void **state)
{
    (void)state;
    need_pg();
    const char *email = harness_email("mi-limit");
    char *token = api_signup(&S[0], email, "a-good-password-1");
    assert_non_null(token);
    char wrong[200], right[200];
    snprintf(wrong, sizeof wrong, "{\"email\":\"%s\",\"password\":\"not-the-password\"}", email);
    snprintf(right, sizeof right, "{\"email\":\"%s\",\"password\":\"a-good-password-1\"}", email);
    struct http_resp r;
    for (int i = 0; i < 10; i++) {
        assert_int_equal(api_send(&S[i % 2], "POST", "/v1/auth/login", NULL, wrong, &r), 0);
        assert_int_equal(r.status, 401);
        resp_free(&r);
    }
    for (int i = 0; i < 2; i++) {
        assert_int_equal(api_send(&S[i], "POST", "/v1/auth/login", NULL, right, &r), 0);
        assert_int_equal(r.status, 429);
        assert_string_equal(resp_code(&r), "rate_limited");
        char ra[16];
        assert_true(resp_header(&r, "Retry-After", ra, sizeof ra));
        assert_true(strtol(ra, NULL, 10) >= 1);
        resp_free(&r);
    }
    free(token);
}

struct demote {
    struct srv client;
    const char *token;
    char path[96];
    long status;
};

static void *demote_main(void *arg)
{
    struct demote *d = arg;
    struct http_resp r;
    d->status = -1;
    if (api_send(&d->client, "PATCH", d->path, d->token, "{\"role\":\"shopper\"}", &r) == 0) {
        d->status = r.status;
        resp_free(&r);
    }
    return NULL;
}

/* Two admins demote each other at the same moment through two instances:
 * one wins, and the platform never loses its last admin (the check and the
 * write are one unit across instances). */
static void last_admin_rule_holds_across_instances(void **state)
{
    (void)state;
    need_pg();
    /* Only these two may be enabled admins: demote the ones earlier tests made. */
    assert_int_equal(db_exec(&S[0], "UPDATE accounts SET role = 'shopper' WHERE role = 'admin'"),
                     0);
    char *x = api_make_user(&S[0], harness_email("mi-x"), "admin", 0);
    char *y = api_make_user(&S[0], harness_email("mi-y"), "admin", 0);
    assert_non_null(x);
    assert_non_null(y);
    char *xid = me_id(&S[0], x), *yid = me_id(&S[0], y);
    for (int round = 0; round < 5; round++) {
        struct demote d[2] = {{.client = client_of(&S[0]), .token = x},
                              {.client = client_of(&S[1]), .token = y}};
        snprintf(d[0].path, sizeof d[0].path, "/v1/admin/users/%s", yid);
        snprintf(d[1].path, sizeof d[1].path, "/v1/admin/users/%s", xid);
        pthread_t th[2];
        for (int i = 0; i < 2; i++)
            assert_int_equal(pthread_create(&th[i], NULL, demote_main, &d[i]), 0);
        for (int i = 0; i < 2; i++) {
            pthread_join(th[i], NULL);
            client_free(&d[i].client);
        }
        int wins = (d[0].status == 200) + (d[1].status == 200);
        if (wins != 1)
            print_message("round %d: %ld and %ld\n", round, d[0].status, d[1].status);
        assert_int_equal(wins, 1);
        for (int i = 0; i < 2; i++)
            assert_true(d[i].status == 200 || d[i].status == 409 || d[i].status == 403);
        assert_int_equal(
            db_count(&S[0], "SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND disabled = 0"),
            1);
        /* The winner promotes the loser again for the next round. */
        const char *winner = d[0].status == 200 ? x : y;
        const char *loser_path = d[0].status == 200 ? d[0].path : d[1].path;
        struct http_resp r;
        assert_int_equal(
            api_send(&S[round % 2], "PATCH", loser_path, winner, "{\"role\":\"admin\"}", &r), 0);
        assert_int_equal(r.status, 200);
        resp_free(&r);
    }
    free(xid);
    free(yid);
    free(x);
    free(y);
}

/* Restart ------------------------------------------------------------------- */

#define MAX_WRITES 4096

struct writer {
    struct srv client[2];
    pthread_mutex_t lock;
    int stop;
    int n;
    char emails[MAX_WRITES][80];
    long status[MAX_WRITES];
    int missing_retry_after; /* 503s without Retry-After */
};

static int writer_acked(struct writer *w)
{
    pthread_mutex_lock(&w->lock);
    int n = 0;
    for (int i = 0; i < w->n; i++)
        n += w->status[i] == 201;
    pthread_mutex_unlock(&w->lock);
    return n;
}

/* Signs up new accounts through both instances in turn, until stopped,
 * recording every answer. */
static void *writer_main(void *arg)
{
    struct writer *w = arg;
    for (int i = 0; i < MAX_WRITES; i++) {
        pthread_mutex_lock(&w->lock);
        int stop = w->stop;
        pthread_mutex_unlock(&w->lock);
        if (stop)
            break;
        char email[80], body[200];
        snprintf(email, sizeof email, "w%d-%s", i, harness_email("mi-restart"));
        snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"a-good-password-1\"}", email);
        struct http_resp r;
        long status = -1;
        int no_retry_after = 0;
        if (api_send(&w->client[i % 2], "POST", "/v1/auth/signup", NULL, body, &r) == 0) {
            status = r.status;
            char ra[16];
            no_retry_after = status == 503 && !resp_header(&r, "Retry-After", ra, sizeof ra);
            resp_free(&r);
        }
        pthread_mutex_lock(&w->lock);
        snprintf(w->emails[w->n], sizeof w->emails[0], "%s", email);
        w->status[w->n] = status;
        w->n++;
        w->missing_retry_after += no_retry_after;
        pthread_mutex_unlock(&w->lock);
        usleep(20000);
    }
    return NULL;
}

/* Waits until cond(arg) or the deadline (seconds); returns cond's last value. */
static int wait_for(int (*cond)(void *), void *arg, int seconds)
{
    for (int i = 0; i < seconds * 20; i++) {
        if (cond(arg))
            return 1;
        usleep(50000);
    }
    return cond(arg);
}

static int acked_at_least(void *arg)
{
    struct writer *w = arg;
    return writer_acked(w) >= 5;
}

static int both_ready(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2; i++) {
        struct http_resp r;
        if (api_get(&S[i], "/readyz", NULL, &r) != 0)
            return 0;
        long st = r.status;
        resp_free(&r);
        if (st != 200)
            return 0;
    }
    return 1;
}

/* The status a route that needs the database gets now, with its
 * Retry-After (0 when absent). */
/* Both instances have listened for writes again since the restart. */
static int both_listen_again(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2; i++)
        if (srv_log_count(&S[i], "listening for other instances' writes") < 2)
            return 0;
    return 1;
}

static long status_of_me(struct srv *s, const char *token, int *retry_after)
{
    struct http_resp r;
    assert_int_equal(api_get(s, "/v1/me", token, &r), 0);
    char ra[16] = "";
    *retry_after = resp_header(&r, "Retry-After", ra, sizeof ra) ? (int)strtol(ra, NULL, 10) : 0;
    long st = r.status;
    resp_free(&r);
    return st;
}

static void database_restart_gives_503_then_recovers_without_losing_writes(void **state)
{
    (void)state;
    need_pg();
    char *token = api_signup(&S[0], harness_email("mi-watch"), "a-good-password-1");
    assert_non_null(token);
    struct writer *w = calloc(1, sizeof *w);
    assert_non_null(w);
    pthread_mutex_init(&w->lock, NULL);
    w->client[0] = client_of(&S[0]);
    w->client[1] = client_of(&S[1]);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, writer_main, w), 0);
    assert_true(wait_for(acked_at_least, w, 20));
    int acked_before = writer_acked(w);

    /* PostgreSQL goes away. */
    assert_int_equal(pgc_stop(&C), 0);
    usleep(300000);
    for (int i = 0; i < 2; i++) {
        int ra = 0;
        assert_int_equal(status_of_me(&S[i], token, &ra), 503);
        assert_true(ra >= 1);
        ra = 0;
        assert_int_equal(status_of_me(&S[i], token, &ra), 503);
        assert_true(ra >= 1);
        struct http_resp r;
        assert_int_equal(api_get(&S[i], "/healthz", NULL, &r), 0);
        assert_int_equal(r.status, 200); /* the process itself is fine */
        resp_free(&r);
        assert_int_equal(api_get(&S[i], "/readyz", NULL, &r), 0);
        assert_int_equal(r.status, 503); /* a load balancer takes it out */
        resp_free(&r);
    }
    usleep(500000);

    /* It comes back: both instances recover by themselves. */
    assert_int_equal(pgc_start(&C), 0);
    assert_true(wait_for(both_ready, NULL, 20));
    int target = writer_acked(w) + 6;
    for (int i = 0; i < 200 && writer_acked(w) < target; i++)
        usleep(50000);
    pthread_mutex_lock(&w->lock);
    w->stop = 1;
    pthread_mutex_unlock(&w->lock);
    pthread_join(th, NULL);
    client_free(&w->client[0]);
    client_free(&w->client[1]);
    assert_true(writer_acked(w) >= target);
    for (int i = 0; i < 2; i++) {
        int ra = 0;
        assert_int_equal(status_of_me(&S[i], token, &ra), 200);
    }

    /* Every answer was a success or a 503 with Retry-After: no crash, no
     * 500; and every acknowledged sign-up is in the database. */
    int unavailable = 0, acked = 0;
    for (int i = 0; i < w->n; i++) {
        if (w->status[i] != 201 && w->status[i] != 503)
            print_message("sign-up %d answered %ld\n", i, w->status[i]);
        assert_true(w->status[i] == 201 || w->status[i] == 503);
        unavailable += w->status[i] == 503;
        if (w->status[i] != 201)
            continue;
        acked++;
        char sql[200];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM accounts WHERE email = '%s'", w->emails[i]);
        assert_int_equal(db_count(&S[0], sql), 1);
    }
    print_message("%d sign-ups acknowledged (%d before the stop), %d answered 503\n", acked,
                  acked_before, unavailable);
    assert_true(unavailable > 0);
    assert_int_equal(w->missing_retry_after, 0);
    for (int i = 0; i < 2; i++)
        assert_true(srv_log_count(&S[i], "database reconnected") >= 1);
    /* Each instance hears the other's writes again: its read cache is back
     * on, and fresh. */
    assert_true(wait_for(both_listen_again, NULL, 20));
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 2; i++)
            assert_true(statements_for_reads(&S[i], token) < 20);
        rename_seen_elsewhere(&S[round], &S[1 - round], token, round ? "After B" : "After A");
    }
    pthread_mutex_destroy(&w->lock);
    free(w);
    free(token);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migrations_applied_once_when_instances_start_together),
        cmocka_unit_test(write_on_one_is_read_on_other),
        cmocka_unit_test(idempotent_retry_on_other_instance_does_not_write_twice),
        cmocka_unit_test(logout_on_one_is_honoured_by_other),
        cmocka_unit_test(reads_after_a_write_elsewhere_are_fresh),
        cmocka_unit_test(login_limits_add_up_across_instances),
        cmocka_unit_test(last_admin_rule_holds_across_instances),
        cmocka_unit_test(database_restart_gives_503_then_recovers_without_losing_writes),
    };
    return cmocka_run_group_tests_name("p20_multi_instance", tests, setup, teardown);
}
