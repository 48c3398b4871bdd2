/*
 * test_search.c - src/catalog/search.c without a database: the match
 * expression built from what a shopper types, and the text of search
 * cursors.
 *
 * The match expression goes to FTS5 as is and to PostgreSQL through the
 * rewriting of migration 6, so its exact shape matters: a stray quote or
 * an unbalanced parenthesis is a syntax error on one engine or the other.
 * A cursor that does not read back exactly (the rank is a double) repeats
 * or skips hits between pages; a lax reader accepts text no page gave.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/search.h"

static void words_become_whole_or_prefix_groups(void **state)
{
    (void)state;
    char out[SEARCH_MATCH_MAX];
    assert_int_equal(search_match_expr("trail", out, sizeof out), 1);
    assert_string_equal(out, "(\"trail\" OR \"trail\"*)");
    assert_int_equal(search_match_expr("  Trail-running, shoe! ", out, sizeof out), 3);
    assert_string_equal(out, "(\"Trail\" OR \"Trail\"*) AND (\"running\" OR \"running\"*) AND "
                             "(\"shoe\" OR \"shoe\"*)");
    /* Non-ASCII bytes belong to words; quotes and operators never do. */
    assert_int_equal(search_match_expr("\"čokol\" OR (x*)", out, sizeof out), 3);
    assert_string_equal(out, "(\"čokol\" OR \"čokol\"*) AND (\"OR\" OR \"OR\"*) AND "
                             "(\"x\" OR \"x\"*)");
    assert_int_equal(search_match_expr("-- !? ", out, sizeof out), 0);
    assert_string_equal(out, "");
}

static void at_most_the_first_words_are_kept(void **state)
{
    (void)state;
    char out[SEARCH_MATCH_MAX];
    assert_int_equal(search_match_expr("a b c d e f g h i j", out, sizeof out), AG_SEARCH_TERMS);
    assert_null(strstr(out, "\"i\""));
    /* The longest q fits in SEARCH_MATCH_MAX. */
    char q[AG_SEARCH_QUERY_MAX * 4 + 1];
    memset(q, 0, sizeof q);
    for (size_t i = 0; i + 2 <= (size_t)AG_SEARCH_QUERY_MAX * 4; i += 2)
        memcpy(q + i, "\xc4\x8d", 2); /* 'č' */
    assert_int_equal(search_match_expr(q, out, sizeof out), 1);
    assert_int_equal(strlen(out), 2 * strlen(q) + 11);
    /* A buffer too small keeps whole groups only. */
    char small[40];
    assert_int_equal(search_match_expr("alpha beta", small, sizeof small), 1);
    assert_string_equal(small, "(\"alpha\" OR \"alpha\"*)");
}

static void cursors_read_back_exactly(void **state)
{
    (void)state;
    const struct search_cursor cases[] = {
        {0, false, 0, 0},
        {9223372036854775807LL, false, 0, 0},
        {0, true, -4.889988599492154, 17179869230LL},
        {17179914665LL, true, -1.37637760213737e-06, 1},
        {5, true, -0.0, 9223372036854775807LL},
        {5, true, 1e-300, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char raw[SEARCH_CURSOR_MAX];
        search_cursor_format(&cases[i], raw);
        struct search_cursor c;
        assert_int_equal(search_cursor_parse(raw, &c), 0);
        assert_true(c.start == cases[i].start);
        assert_int_equal(c.at, cases[i].at);
        if (c.at) {
            assert_memory_equal(&c.rank, &cases[i].rank, sizeof c.rank);
            assert_true(c.key == cases[i].key);
        }
    }
}

static void a_rank_key_cursor_is_the_first_window(void **state)
{
    (void)state;
    struct search_cursor c;
    assert_int_equal(search_cursor_parse("-2.5:42", &c), 0);
    assert_true(c.start == 0 && c.at && c.rank == -2.5 && c.key == 42);
}

static void text_no_page_gave_is_refused(void **state)
{
    (void)state;
    const char *bad[] = {"",      "x",        "-1",      " 1",      "1 ",     "1:2:x",
                         "1:nan:5", "1:inf:5", "5:-0.5:0", "1:2:3:4", ":1",     "1:",
                         "0.5:-3", "1::3",     "1:2:",    "18446744073709551616"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct search_cursor c = {7, true, 1, 7};
        if (search_cursor_parse(bad[i], &c) != -1)
            fprintf(stderr, "accepted: \"%s\"\n", bad[i]);
        assert_int_equal(search_cursor_parse(bad[i], &c), -1);
        assert_true(c.start == 7 && c.key == 7); /* untouched */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_become_whole_or_prefix_groups),
        cmocka_unit_test(at_most_the_first_words_are_kept),
        cmocka_unit_test(cursors_read_back_exactly),
        cmocka_unit_test(a_rank_key_cursor_is_the_first_window),
        cmocka_unit_test(text_no_page_gave_is_refused),
    };
    return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
