/*
 * test_c06_seed.c - the generated data sets, as a user meets them: the
 * demo city loaded by `agora seed --demo` into the test's fresh database
 * (four retailers of the four kinds, about twenty stores inside Lyon with
 * a zone and hours, products with valid GTINs, sale prices below regular
 * ones, a non-empty "on sale near me" list sorted by the real reduction,
 * which the price history proves, fake sales among them, every printed
 * login working with staff scoped to their retailer, a shopper with
 * friends and interests), and `agora seed --scale N`: exactly N offers,
 * N/10 shoppers, N friendships, searchable products, the same data twice,
 * and refusals of a bad N or a non-empty database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "catalog_fixtures.h"
#include "harness.h"

static struct srv S;
static char out[16384];

/* Lyon's city box, as docs/demo.md states it. */
#define LAT_MIN 45.70
#define LAT_MAX 45.82
#define LON_MIN 4.77
#define LON_MAX 4.90
#define CENTRE "45.7578,4.8320"

static int setup(void **state)
{
    (void)state;
    if (srv_prepare(&S) != 0)
        return -1;
    const char *seed[] = {"seed", "--demo", NULL};
    if (srv_cli(&S, seed, out, sizeof out) != 0) {
        fprintf(stderr, "seed --demo failed:\n%s\n", out);
        return -1;
    }
    return srv_start(&S, NULL);
}

static int teardown(void **state)
{
    (void)state;
    int rc = srv_stop(&S);
    srv_cleanup(&S);
    return rc == 0 ? 0 : -1;
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* GETs every page of path (which has a query already) into one array. */
static json_t *get_all(struct srv *s, const char *path, const char *token)
{
    json_t *all = json_array();
    char cursor[300] = "";
    for (int page = 0; page < 200; page++) {
        char url[1024];
        snprintf(url, sizeof url, "%s%s%s", path, cursor[0] ? "&cursor=" : "", cursor);
        struct http_resp r;
        assert_int_equal(api_get(s, url, token, &r), 0);
        assert_int_equal(r.status, 200);
        json_array_extend(all, json_object_get(r.json, "items"));
        const char *next = json_string_value(json_object_get(r.json, "next_cursor"));
        snprintf(cursor, sizeof cursor, "%s", next ? next : "");
        resp_free(&r);
        if (!cursor[0])
            break;
    }
    return all;
}

static void four_retailers_of_four_kinds(void **state)
{
    (void)state;
    json_t *rs = get_all(&S, "/v1/retailers?limit=100", NULL);
    assert_int_equal(json_array_size(rs), 4);
    const char *kinds[] = {"grocery", "department_store", "sports", "electronics"};
    for (size_t k = 0; k < 4; k++) {
        int found = 0;
        size_t i;
        json_t *r;
        json_array_foreach(rs, i, r) found += strcmp(str(r, "kind"), kinds[k]) == 0;
        assert_int_equal(found, 1);
    }
    json_decref(rs);
}

static void stores_in_the_city_with_zone_and_hours(void **state)
{
    (void)state;
    json_t *rs = get_all(&S, "/v1/retailers?limit=100", NULL);
    size_t i, total = 0;
    json_t *r;
    json_array_foreach(rs, i, r)
    {
        char path[96];
        snprintf(path, sizeof path, "/v1/retailers/%s/stores?limit=100", str(r, "id"));
        json_t *stores = get_all(&S, path, NULL);
        assert_true(json_array_size(stores) >= 3);
        size_t j;
        json_t *st;
        json_array_foreach(stores, j, st)
        {
            json_t *loc = json_object_get(st, "location");
            double lat = json_real_value(json_object_get(loc, "latitude"));
            double lon = json_real_value(json_object_get(loc, "longitude"));
            assert_true(lat > LAT_MIN && lat < LAT_MAX);
            assert_true(lon > LON_MIN && lon < LON_MAX);
            assert_string_equal(str(st, "time_zone"), "Europe/Paris");
            assert_string_equal(str(st, "city"), "Lyon");
            assert_true(strlen(str(st, "address")) > 5);
            assert_true(json_array_size(json_object_get(st, "hours")) >= 6);
            /* Public holidays: at least Christmas closed. */
            int closed = 0;
            size_t x;
            json_t *e;
            json_array_foreach(json_object_get(st, "exceptions"), x, e) closed +=
                json_is_true(json_object_get(e, "closed"));
            assert_true(closed >= 1);
            total++;
        }
        json_decref(stores);
    }
    assert_true(total >= 16 && total <= 24);
    json_decref(rs);
}

static void stores_of_one_postcode_stand_together(void **state)
{
    (void)state;
    /* A store stands in the quarter it is named for, so two stores of one
     * postcode (a Lyon arrondissement: a few km across) are never further
     * apart than about 3 km (0.027 degrees of latitude, 0.038 of
     * longitude here). */
    const char *pairs = "FROM stores a JOIN stores b ON b.id > a.id "
                        "WHERE a.postal_code = b.postal_code";
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) %s", pairs);
    assert_true(db_count(&S, sql) >= 4);
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) %s AND (abs(a.latitude - b.latitude) > 0.027 OR "
             "abs(a.longitude - b.longitude) > 0.038)",
             pairs);
    assert_int_equal(db_count(&S, sql), 0);
    /* No two products share a title. */
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM (SELECT title FROM products GROUP BY "
                                  "title HAVING COUNT(*) > 1) d"),
                     0);
}

/* GS1 check digit, computed here: weights 3, 1, 3 ... from the right. */
static int gtin_ok(const char *g)
{
    size_t n = strlen(g);
    if (n != 14)
        return 0;
    int sum = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (g[i] < '0' || g[i] > '9')
            return 0;
        sum += (g[i] - '0') * ((n - 2 - i) % 2 == 0 ? 3 : 1);
    }
    return (10 - sum % 10) % 10 == g[n - 1] - '0';
}

static void products_have_valid_gtins_and_local_images(void **state)
{
    (void)state;
    json_t *ps = get_all(&S, "/v1/products?limit=100", NULL);
    assert_true(json_array_size(ps) >= 1500);
    size_t i;
    json_t *p;
    json_array_foreach(ps, i, p)
    {
        if (!gtin_ok(str(p, "gtin")))
            fail_msg("product %s: GTIN %s has a wrong check digit", str(p, "id"), str(p, "gtin"));
        assert_true(strlen(str(p, "title")) > 5);
        assert_non_null(json_object_get(json_object_get(p, "brand"), "name"));
        const char *img = str(p, "image_url");
        assert_int_equal(strncmp(img, "/img/demo/", 10), 0);
        if (i % 400 == 0) { /* the UI serves the picture itself */
            struct http_resp r;
            assert_int_equal(http_do(&S, "GET", img, NULL, NULL, 0, NULL, &r), 0);
            assert_int_equal(r.status, 200);
            assert_non_null(strstr(r.body, "<svg"));
            resp_free(&r);
        }
    }
    json_decref(ps);
}

/* The lowest price applied during [since - 30 days, since), read from the
 * product's price history of that offer. */
static long lowest_before(long product, const char *offer, const char *since_text)
{
    char path[160];
    snprintf(path, sizeof path, "/v1/products/%ld/price-history?offer_id=%s&limit=100", product,
             offer);
    json_t *h = get_all(&S, path, NULL);
    /* Times are RFC 3339 "YYYY-MM-DDTHH:MM:SSZ": they compare as text, but
     * "30 days before" needs numbers. */
    struct tm tm = {0};
    assert_non_null(strptime(since_text, "%Y-%m-%dT%H:%M:%SZ", &tm));
    long since = (long)timegm(&tm), from = since - 30L * 86400;
    long low = -1, best_at = -1;
    size_t i;
    json_t *e;
    json_array_foreach(h, i, e)
    {
        struct tm t = {0};
        assert_non_null(strptime(str(e, "recorded_at"), "%Y-%m-%dT%H:%M:%SZ", &t));
        long at = (long)timegm(&t);
        if (at >= since)
            continue;
        long price = cat_amount(e, "price");
        if (at > from) { /* in force inside the window */
            if (low < 0 || price < low)
                low = price;
        } else if (at > best_at) { /* the record in force when the window opened */
            best_at = at;
        }
        json_t *sp = json_object_get(e, "sale_price");
        if (json_is_object(sp) && at > from) {
            const char *ss = str(e, "sale_start");
            struct tm s = {0};
            if (strptime(ss, "%Y-%m-%dT%H:%M:%SZ", &s) && (long)timegm(&s) < since &&
                cat_amount(e, "sale_price") < low)
                low = cat_amount(e, "sale_price");
        }
    }
    json_array_foreach(h, i, e)
    {
        struct tm t = {0};
        strptime(str(e, "recorded_at"), "%Y-%m-%dT%H:%M:%SZ", &t);
        if ((long)timegm(&t) == best_at && (low < 0 || cat_amount(e, "price") < low))
            low = cat_amount(e, "price");
    }
    json_decref(h);
    return low;
}

static void on_sale_near_the_centre_sorted_by_real_reduction(void **state)
{
    (void)state;
    json_t *list = get_all(
        &S, "/v1/offers?on_sale=true&near=" CENTRE "&radius_km=5&sort=reduction&limit=100", NULL);
    size_t n = json_array_size(list);
    assert_true(n >= 200);
    double last = 1e9;
    int fake = 0;
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        long price = cat_amount(o, "price"), sale = cat_amount(o, "sale_price");
        assert_true(sale > 0 && sale < price);
        assert_true(json_is_false(json_object_get(o, "online")));
        assert_true(json_real_value(json_object_get(o, "distance_km")) <= 5.0);
        json_t *red = json_object_get(o, "reduction");
        assert_true(json_is_object(red));
        double pct = json_number_value(json_object_get(red, "percent"));
        assert_true(pct <= last + 1e-9);
        last = pct;
        /* A sale announced as >= 15% off the list price but really under
         * 5% off the lowest price of the previous 30 days. */
        if ((price - sale) * 100 >= 15 * price && pct < 5)
            fake++;
        if (i < 5 || i % 97 == 0) { /* the reference, recomputed from the history */
            long ref = lowest_before(cat_num(o, "product_id"), str(o, "id"), str(red, "since"));
            assert_int_equal(ref, cat_amount(red, "reference_price"));
            long bp = sale < ref ? (ref - sale) * 10000 / ref : 0; /* no reduction: 0 */
            assert_true(pct * 100 > (double)bp - 1.0 && pct * 100 < (double)bp + 1.0);
        }
    }
    assert_true(last < 5.0); /* the fake sales sort last */
    assert_true(fake >= 1);
    /* The top of the list is a real, substantial reduction. */
    assert_true(json_number_value(json_object_get(
                    json_object_get(json_array_get(list, 0), "reduction"), "percent")) >= 30);
    json_decref(list);
}

static long retailer_of_kind(const char *kind)
{
    json_t *rs = get_all(&S, "/v1/retailers?limit=100", NULL);
    long id = 0;
    size_t i;
    json_t *r;
    json_array_foreach(rs, i, r) if (strcmp(str(r, "kind"), kind) == 0) id = cat_num(r, "id");
    json_decref(rs);
    return id;
}

/* The first offer of retailer id (from the list). */
static long offer_of(long retailer)
{
    char path[96];
    snprintf(path, sizeof path, "/v1/offers?retailer_id=%ld&limit=1", retailer);
    struct http_resp r;
    assert_int_equal(api_get(&S, path, NULL, &r), 0);
    long id = cat_num(json_array_get(json_object_get(r.json, "items"), 0), "id");
    resp_free(&r);
    assert_true(id > 0);
    return id;
}

static void printed_logins_work_and_staff_are_scoped(void **state)
{
    (void)state;
    const char *logins[] = {"seed", "--logins", NULL};
    assert_int_equal(srv_cli(&S, logins, out, sizeof out), 0);
    char password[64] = "";
    const char *pw = strstr(out, "password for all: ");
    assert_non_null(pw);
    sscanf(pw + 18, "%63[^) \n]", password);
    assert_string_equal(password, "agora-demo");
    const struct {
        const char *email, *role, *kind;
    } want[] = {
        {"admin@demo.agora.test", "admin", NULL},
        {"shopper@demo.agora.test", "shopper", NULL},
        {"friend@demo.agora.test", "shopper", NULL},
        {"grocer@demo.agora.test", "staff", "grocery"},
        {"dept@demo.agora.test", "staff", "department_store"},
        {"sports@demo.agora.test", "staff", "sports"},
        {"electro@demo.agora.test", "staff", "electronics"},
    };
    int printed = 0;
    for (const char *p = out; (p = strstr(p, "@demo.agora.test")); p++)
        printed++;
    assert_int_equal(printed, (int)(sizeof want / sizeof want[0]));
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_non_null(strstr(out, want[i].email));
        char *token = api_login(&S, want[i].email, password);
        assert_non_null(token);
        struct http_resp r;
        assert_int_equal(api_get(&S, "/v1/me", token, &r), 0);
        assert_string_equal(str(r.json, "role"), want[i].role);
        long scope = cat_num(r.json, "retailer_id");
        resp_free(&r);
        assert_int_equal(api_get(&S, "/v1/admin/users?limit=1", token, &r), 0);
        assert_int_equal(r.status, strcmp(want[i].role, "admin") == 0 ? 200 : 403);
        resp_free(&r);
        if (want[i].kind) {
            long own = retailer_of_kind(want[i].kind);
            assert_int_equal(scope, own);
            long other = retailer_of_kind(strcmp(want[i].kind, "grocery") ? "grocery" : "sports");
            char path[64];
            snprintf(path, sizeof path, "/v1/offers/%ld", offer_of(own));
            assert_int_equal(
                api_send(&S, "PATCH", path, token, "{\"availability\":\"in_stock\"}", &r), 0);
            assert_int_equal(r.status, 200);
            resp_free(&r);
            snprintf(path, sizeof path, "/v1/offers/%ld", offer_of(other));
            assert_int_equal(
                api_send(&S, "PATCH", path, token, "{\"availability\":\"in_stock\"}", &r), 0);
            assert_int_equal(r.status, 403);
            resp_free(&r);
        }
        free(token);
    }
}

static void the_shopper_has_friends_interests_and_follows(void **state)
{
    (void)state;
    char *token = api_login(&S, "shopper@demo.agora.test", "agora-demo");
    assert_non_null(token);
    struct http_resp r;
    assert_int_equal(api_get(&S, "/v1/me", token, &r), 0);
    json_t *prof = json_object_get(r.json, "profile");
    json_t *home = json_object_get(prof, "home");
    double lat = json_number_value(json_object_get(home, "lat"));
    double lon = json_number_value(json_object_get(home, "lon"));
    assert_true(lat > LAT_MIN && lat < LAT_MAX && lon > LON_MIN && lon < LON_MAX);
    json_t *interests = json_object_get(prof, "interests");
    assert_true(json_array_size(json_object_get(interests, "categories")) >= 2);
    assert_true(json_array_size(json_object_get(interests, "brands")) >= 1);
    resp_free(&r);
    json_t *friends = get_all(&S, "/v1/me/friends?limit=100", token);
    assert_true(json_array_size(friends) >= 3);
    int has_friend = 0;
    size_t i;
    json_t *f;
    json_array_foreach(friends, i, f) has_friend +=
        strcmp(str(json_object_get(f, "shopper"), "display_name"), "Frida Friend") == 0;
    assert_int_equal(has_friend, 1);
    json_decref(friends);
    json_t *reqs = get_all(&S, "/v1/me/friend-requests?direction=incoming&limit=100", token);
    int pending = 0;
    json_array_foreach(reqs, i, f) pending +=
        strcmp(str(f, "state"), "pending") == 0 && strcmp(str(f, "direction"), "incoming") == 0;
    assert_true(pending >= 1);
    json_decref(reqs);
    json_t *follows = get_all(&S, "/v1/me/follows?limit=100", token);
    assert_true(json_array_size(follows) >= 2);
    json_decref(follows);
    free(token);
    /* And the friend sees Sam among hers. */
    token = api_login(&S, "friend@demo.agora.test", "agora-demo");
    assert_non_null(token);
    friends = get_all(&S, "/v1/me/friends?limit=100", token);
    has_friend = 0;
    json_array_foreach(friends, i, f) has_friend +=
        strcmp(str(json_object_get(f, "shopper"), "display_name"), "Sam Shopper") == 0;
    assert_int_equal(has_friend, 1);
    json_decref(friends);
    free(token);
}

static void demo_is_not_loaded_twice(void **state)
{
    (void)state;
    long offers = db_count(&S, "SELECT COUNT(*) FROM offers");
    const char *seed[] = {"seed", "--demo", NULL};
    assert_int_equal(srv_cli(&S, seed, out, sizeof out), 0);
    assert_non_null(strstr(out, "already"));
    assert_int_equal(db_count(&S, "SELECT COUNT(*) FROM offers"), offers);
}

/* Scale ------------------------------------------------------------------- */

/* A fingerprint of the data, the same on both engines. */
static const char *const fingerprints[] = {
    ("SELECT SUM(id * 7 + price + COALESCE(sale_price, 0) * 3 + COALESCE(store_id, 0) + "
     "reduction_bp) FROM offers"),
    "SELECT SUM(id * CAST(SUBSTR(gtin, 8, 6) AS BIGINT) % 1000003) FROM products",
    "SELECT SUM(LENGTH(title) * id) FROM products",
    "SELECT SUM(account_id * 3 + friend_id) FROM friendships",
    "SELECT SUM(LENGTH(display_name) * id) FROM accounts",
    "SELECT COUNT(*) FROM price_history",
};

static void scale_gives_exactly_n_and_the_same_data_twice(void **state)
{
    (void)state;
    struct srv a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    assert_int_equal(srv_prepare(&a), 0);
    assert_int_equal(srv_prepare(&b), 0);
    const char *scale[] = {"seed", "--scale", "2000", NULL};
    assert_int_equal(srv_cli(&a, scale, out, sizeof out), 0);
    assert_int_equal(srv_cli(&b, scale, out, sizeof out), 0);
    assert_int_equal(db_count(&a, "SELECT COUNT(*) FROM offers"), 2000);
    assert_int_equal(db_count(&a, "SELECT COUNT(*) FROM products"), 200);
    assert_int_equal(db_count(&a, "SELECT COUNT(*) FROM accounts WHERE role = 'shopper'"), 200);
    assert_int_equal(db_count(&a, "SELECT COUNT(*) FROM accounts"), 200);
    /* Friendships are stored in both directions. */
    assert_int_equal(db_count(&a, "SELECT COUNT(*) FROM friendships"), 2 * 2000);
    assert_int_equal(db_count(&a, "SELECT COUNT(*) FROM friendships f WHERE NOT EXISTS (SELECT "
                                  "1 FROM friendships g WHERE g.account_id = f.friend_id AND "
                                  "g.friend_id = f.account_id)"),
                     0);
    assert_int_equal(db_count(&a, "SELECT COUNT(*) FROM friendships WHERE account_id = "
                                  "friend_id"),
                     0);
    for (size_t i = 0; i < sizeof fingerprints / sizeof fingerprints[0]; i++)
        assert_int_equal(db_count(&a, fingerprints[i]), db_count(&b, fingerprints[i]));
    /* Served: the same answers, search works, a shopper logs in. */
    assert_int_equal(srv_start(&a, NULL), 0);
    assert_int_equal(srv_start(&b, NULL), 0);
    const char *paths[] = {"/v1/offers?limit=100", "/v1/products?limit=100",
                           "/v1/offers?on_sale=true&sort=reduction&limit=50"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct http_resp ra, rb;
        assert_int_equal(api_get(&a, paths[i], NULL, &ra), 0);
        assert_int_equal(api_get(&b, paths[i], NULL, &rb), 0);
        assert_int_equal(ra.status, 200);
        assert_true(json_array_size(json_object_get(ra.json, "items")) > 0);
        assert_true(json_equal(ra.json, rb.json));
        resp_free(&ra);
        resp_free(&rb);
    }
    struct http_resp r;
    assert_int_equal(api_get(&a, "/v1/products?limit=1", NULL, &r), 0);
    char word[64] = "", path[128];
    sscanf(str(json_array_get(json_object_get(r.json, "items"), 0), "title"), "%63s", word);
    resp_free(&r);
    snprintf(path, sizeof path, "/v1/search?q=%s", word);
    assert_int_equal(api_get(&a, path, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    assert_true(json_array_size(json_object_get(r.json, "items")) > 0);
    resp_free(&r);
    char *token = api_login(&a, "shopper7@scale.agora.test", "agora-demo");
    assert_non_null(token);
    free(token);
    assert_int_equal(srv_stop(&a), 0);
    assert_int_equal(srv_stop(&b), 0);
    /* Not again into a database that has data. */
    assert_int_equal(srv_cli(&a, scale, out, sizeof out), 1);
    assert_int_equal(db_count(&a, "SELECT COUNT(*) FROM offers"), 2000);
    srv_cleanup(&a);
    srv_cleanup(&b);
}

static void scale_refuses_n_out_of_bounds(void **state)
{
    (void)state;
    struct srv s;
    memset(&s, 0, sizeof s);
    assert_int_equal(srv_prepare(&s), 0);
    const char *small[] = {"seed", "--scale", "999", NULL};
    const char *big[] = {"seed", "--scale", "5000001", NULL};
    const char *both[] = {"seed", "--scale", "2000", "--demo", NULL};
    assert_int_equal(srv_cli(&s, small, out, sizeof out), 2);
    assert_int_equal(srv_cli(&s, big, out, sizeof out), 2);
    assert_int_equal(srv_cli(&s, both, out, sizeof out), 2);
    srv_cleanup(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(four_retailers_of_four_kinds),
        cmocka_unit_test(stores_in_the_city_with_zone_and_hours),
        cmocka_unit_test(stores_of_one_postcode_stand_together),
        cmocka_unit_test(products_have_valid_gtins_and_local_images),
        cmocka_unit_test(on_sale_near_the_centre_sorted_by_real_reduction),
        cmocka_unit_test(printed_logins_work_and_staff_are_scoped),
        cmocka_unit_test(the_shopper_has_friends_interests_and_follows),
        cmocka_unit_test(demo_is_not_loaded_twice),
        cmocka_unit_test(scale_gives_exactly_n_and_the_same_data_twice),
        cmocka_unit_test(scale_refuses_n_out_of_bounds),
    };
    return cmocka_run_group_tests_name("c06_seed", tests, setup, teardown);
}
