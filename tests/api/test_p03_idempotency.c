/*
 * test_p03_idempotency.c - Idempotency-Key on writes: a retry replays the
 * first response without writing again, a reused key with another body is
 * 422, a duplicate of a request still running is 409, keys are scoped to the
 * caller, survive a restart, and malformed keys are refused; copies sent
 * at the same moment write once.
 *
 * The write used is PATCH /v1/admin/users/{id} (disable/enable an account):
 * replaying an old "disable" after a later "enable" must not disable the
 * account again, which shows that the replay did not execute.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>

#include "harness.h"

static struct srv S;
static char *admin;
static char target_path[128];
static long target_id;

static int setup(void **state)
{
    (void)state;
    if (srv_start(&S, NULL) != 0)
        return -1;
    admin = api_make_user(&S, harness_email("idem-admin"), "admin", 0);
    char *tok = api_signup(&S, harness_email("idem-target"), "correct-horse");
    struct http_resp r;
    if (!admin || !tok || api_get(&S, "/v1/me", tok, &r) != 0)
        return -1;
    target_id = strtol(json_string_value(json_object_get(r.json, "id")), NULL, 10);
    snprintf(target_path, sizeof target_path, "/v1/admin/users/%ld", target_id);
    resp_free(&r);
    free(tok);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(admin);
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static long target_disabled(void)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT disabled FROM accounts WHERE id = %ld", target_id);
    return db_count(&S, sql);
}

static void retry_replays_without_writing(void **state)
{
    (void)state;
    const char *key = harness_unique("key-a-");
    char keycopy[64];
    snprintf(keycopy, sizeof keycopy, "%s", key);
    struct http_resp first, again, enable;
    assert_int_equal(
        api_send_idem(&S, "PATCH", target_path, admin, "{\"disabled\":true}", keycopy, &first), 0);
    assert_int_equal(first.status, 200);
    assert_int_equal(target_disabled(), 1);
    /* A later write without key re-enables the account. */
    assert_int_equal(api_send(&S, "PATCH", target_path, admin, "{\"disabled\":false}", &enable), 0);
    assert_int_equal(enable.status, 200);
    assert_int_equal(target_disabled(), 0);
    /* The retry of the first request gets the first response... */
    assert_int_equal(
        api_send_idem(&S, "PATCH", target_path, admin, "{\"disabled\":true}", keycopy, &again), 0);
    assert_int_equal(again.status, 200);
    assert_string_equal(again.body, first.body);
    char replayed[16];
    assert_true(resp_header(&again, "Idempotent-Replayed", replayed, sizeof replayed));
    assert_string_equal(replayed, "true");
    /* ...and did not write: the account stays enabled. */
    assert_int_equal(target_disabled(), 0);
    resp_free(&first);
    resp_free(&again);
    resp_free(&enable);
}

static void same_key_other_body_is_422(void **state)
{
    (void)state;
    char key[64];
    snprintf(key, sizeof key, "%s", harness_unique("key-b-"));
    struct http_resp r;
    assert_int_equal(
        api_send_idem(&S, "PATCH", target_path, admin, "{\"disabled\":false}", key, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(api_send_idem(&S, "PATCH", target_path, admin, "{\"disabled\":true}", key, &r),
                     0);
    assert_int_equal(r.status, 422);
    assert_string_equal(resp_code(&r), "idempotency_key_reused");
    resp_free(&r);
    assert_int_equal(target_disabled(), 0);
}

static void keys_are_scoped_to_the_caller(void **state)
{
    (void)state;
    char key[64];
    snprintf(key, sizeof key, "%s", harness_unique("key-c-"));
    char *admin2 = api_make_user(&S, harness_email("idem-admin2"), "admin", 0);
    struct http_resp r;
    assert_int_equal(api_send_idem(&S, "PATCH", target_path, admin, "{\"disabled\":true}", key, &r),
                     0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    /* The same key from another admin with another body is a new request. */
    assert_int_equal(
        api_send_idem(&S, "PATCH", target_path, admin2, "{\"disabled\":false}", key, &r), 0);
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.headers, "Idempotent-Replayed"));
    resp_free(&r);
    assert_int_equal(target_disabled(), 0);
    free(admin2);
}

/* The hash the server computes for a request (see idempotency.c). */
static void request_hash(const char *method, const char *path, const char *body, char out[65])
{
    crypto_generichash_state h;
    unsigned char d[32];
    crypto_generichash_init(&h, NULL, 0, sizeof d);
    crypto_generichash_update(&h, (const unsigned char *)method, strlen(method));
    crypto_generichash_update(&h, (const unsigned char *)"\n", 1);
    crypto_generichash_update(&h, (const unsigned char *)path, strlen(path));
    crypto_generichash_update(&h, (const unsigned char *)"\n\n", 2);
    crypto_generichash_update(&h, (const unsigned char *)body, strlen(body));
    crypto_generichash_final(&h, d, sizeof d);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static long admin_id(void)
{
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/me", admin, &r), 0);
    long id = strtol(json_string_value(json_object_get(r.json, "id")), NULL, 10);
    resp_free(&r);
    return id;
}

static void duplicate_of_a_running_request_is_409(void **state)
{
    (void)state;
    /* Record the key as the first request would while it runs (no API can
     * hold a request open on purpose), then send the duplicate. */
    char key[64], hash[65], sql[1024];
    snprintf(key, sizeof key, "%s", harness_unique("key-d-"));
    const char *body = "{\"disabled\":true}";
    request_hash("PATCH", target_path, body, hash);
    long now = (long)time(NULL);
    snprintf(sql, sizeof sql,
             "INSERT INTO idempotency_keys (scope, method, path, idem_key, request_hash, state, "
             "created_at, expires_at) VALUES ('a:%ld', 'PATCH', '%s', '%s', '%s', 'running', %ld, "
             "%ld)",
             admin_id(), target_path, key, hash, now, now + 86400);
    assert_int_equal(db_exec(&S, sql), 0);
    struct http_resp r;
    assert_int_equal(api_send_idem(&S, "PATCH", target_path, admin, body, key, &r), 0);
    assert_int_equal(r.status, 409);
    assert_string_equal(resp_code(&r), "idempotency_in_progress");
    resp_free(&r);
    assert_int_equal(target_disabled(), 0);

    /* A running record left by a crashed request (older than 5 minutes)
     * is taken over: the retry executes. */
    snprintf(sql, sizeof sql, "UPDATE idempotency_keys SET created_at = %ld WHERE idem_key = '%s'",
             now - 3600, key);
    assert_int_equal(db_exec(&S, sql), 0);
    assert_int_equal(api_send_idem(&S, "PATCH", target_path, admin, body, key, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(target_disabled(), 1);
    assert_int_equal(api_send(&S, "PATCH", target_path, admin, "{\"disabled\":false}", &r), 0);
    resp_free(&r);
}

/* Concurrent duplicates ---------------------------------------------------- */

#define N_RACERS 8

struct racer {
    struct srv client; /* its own connection */
    const char *key, *body;
    pthread_barrier_t *start;
    long status;
    int replayed;
    char code[64];
    char *resp_body;
};

static void *racer_main(void *arg)
{
    struct racer *x = arg;
    struct http_resp r;
    x->status = -1;
    pthread_barrier_wait(x->start);
    if (api_send_idem(&x->client, "POST", "/v1/retailers", admin, x->body, x->key, &r) == 0) {
        x->status = r.status;
        x->replayed = strstr(r.headers, "Idempotent-Replayed") != NULL;
        snprintf(x->code, sizeof x->code, "%s", resp_code(&r));
        x->resp_body = strdup(r.body);
        resp_free(&r);
    }
    return NULL;
}

/* The same request with the same key, sent N_RACERS times at once on
 * separate connections: it runs once.  Every other copy gets the first
 * answer replayed, or 409 while the first is still running; never a second
 * write.  (Whether a 409 happens depends on timing: the test above forces
 * it; this one proves the race never writes twice.) */
static void concurrent_duplicates_write_once(void **state)
{
    (void)state;
    int conflicts = 0;
    for (int round = 0; round < 10; round++) {
        char key[64], name[64], body[128], sql[160];
        snprintf(key, sizeof key, "%s", harness_unique("key-race-"));
        snprintf(name, sizeof name, "Race %s", harness_unique(""));
        snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, N_RACERS);
        struct racer x[N_RACERS];
        pthread_t th[N_RACERS];
        for (int i = 0; i < N_RACERS; i++) {
            memset(&x[i], 0, sizeof x[i]);
            x[i].client = S;
            x[i].client.curl = curl_easy_init();
            x[i].key = key;
            x[i].body = body;
            x[i].start = &start;
            assert_int_equal(pthread_create(&th[i], NULL, racer_main, &x[i]), 0);
        }
        for (int i = 0; i < N_RACERS; i++)
            pthread_join(th[i], NULL);
        pthread_barrier_destroy(&start);
        int originals = 0;
        const char *first = NULL;
        for (int i = 0; i < N_RACERS; i++) {
            curl_easy_cleanup(x[i].client.curl);
            if (x[i].status == 201 && !x[i].replayed) {
                originals++;
                first = x[i].resp_body;
            } else if (x[i].status == 409) {
                assert_string_equal(x[i].code, "idempotency_in_progress");
                conflicts++;
            } else if (x[i].status != 201) {
                print_message("round %d: %ld %s\n", round, x[i].status,
                              x[i].resp_body ? x[i].resp_body : "");
                fail();
            }
        }
        assert_int_equal(originals, 1);
        for (int i = 0; i < N_RACERS; i++) {
            if (x[i].status == 201 && x[i].replayed)
                assert_string_equal(x[i].resp_body, first);
        }
        for (int i = 0; i < N_RACERS; i++)
            free(x[i].resp_body);
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM retailers WHERE name = '%s'", name);
        assert_int_equal(db_count(&S, sql), 1);
    }
    print_message("%d duplicate(s) answered 409 while the first ran\n", conflicts);
}

static void failed_requests_are_not_remembered(void **state)
{
    (void)state;
    char key[64];
    snprintf(key, sizeof key, "%s", harness_unique("key-e-"));
    struct http_resp r;
    assert_int_equal(
        api_send_idem(&S, "PATCH", target_path, admin, "{\"disabled\":\"yes\"}", key, &r), 0);
    assert_int_equal(r.status, 422);
    resp_free(&r);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '%s'", key);
    assert_int_equal(db_count(&S, sql), 0);
}

static void malformed_keys_are_refused(void **state)
{
    (void)state;
    char longkey[300];
    memset(longkey, 'k', 256);
    longkey[256] = '\0';
    const char *bad[] = {longkey, "has space", "quote\"d"};
    for (int i = 0; i < 3; i++) {
        struct http_resp r;
        assert_int_equal(
            api_send_idem(&S, "PATCH", target_path, admin, "{\"disabled\":true}", bad[i], &r), 0);
        assert_int_equal(r.status, 422);
        json_t *e = json_array_get(json_object_get(r.json, "errors"), 0);
        assert_string_equal(json_string_value(json_object_get(e, "header")), "Idempotency-Key");
        resp_free(&r);
    }
    assert_int_equal(target_disabled(), 0);
}

static void replay_survives_a_restart(void **state)
{
    (void)state;
    char key[64];
    snprintf(key, sizeof key, "%s", harness_unique("key-f-"));
    struct http_resp first, again;
    assert_int_equal(
        api_send_idem(&S, "PATCH", target_path, admin, "{\"role\":\"shopper\"}", key, &first), 0);
    assert_int_equal(first.status, 200);
    assert_int_equal(srv_stop(&S), 0);
    assert_int_equal(srv_start(&S, NULL), 0);
    assert_int_equal(
        api_send_idem(&S, "PATCH", target_path, admin, "{\"role\":\"shopper\"}", key, &again), 0);
    assert_int_equal(again.status, 200);
    assert_string_equal(again.body, first.body);
    assert_non_null(strstr(again.headers, "Idempotent-Replayed"));
    resp_free(&first);
    resp_free(&again);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retry_replays_without_writing),
        cmocka_unit_test(same_key_other_body_is_422),
        cmocka_unit_test(keys_are_scoped_to_the_caller),
        cmocka_unit_test(duplicate_of_a_running_request_is_409),
        cmocka_unit_test(concurrent_duplicates_write_once),
        cmocka_unit_test(failed_requests_are_not_remembered),
        cmocka_unit_test(malformed_keys_are_refused),
        cmocka_unit_test(replay_survives_a_restart),
    };
    return cmocka_run_group_tests_name("p03_idempotency", tests, setup, teardown);
}
