/*
 * test_people_rules.c - the pure rules of the people module: cleaning
 * names and tags, the friend-request state machine and send decision, who
 * sees a shopper's area and activity, consent purposes, and the table of
 * personal-data parts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/limits.h"
#include "people/consent.h"
#include "people/friend.h"
#include "people/personal_data.h"
#include "people/shopper.h"
#include "people/text_rules.h"

static void text_is_trimmed_collapsed_and_lowered(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(people_text_clean("  Trail   Running ", out, sizeof out, true), 13);
    assert_string_equal(out, "trail running");
    assert_int_equal(people_text_clean("  Ann  B ", out, sizeof out, false), 5);
    assert_string_equal(out, "Ann B");
    /* Only ASCII letters are lowered; other UTF-8 is kept as is. */
    people_text_clean("\xc3\x89T\xc3\x89", out, sizeof out, true);
    assert_string_equal(out, "\xc3\x89t\xc3\x89");
    assert_int_equal(people_text_clean("   ", out, sizeof out, true), 0);
    assert_string_equal(out, "");
    /* Control characters are refused, not removed. */
    const char *bad[] = {"a\tb", "a\nb", "a\x7f", "a\xc2\x85\x62", "\x1b[31m"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(people_text_clean(bad[i], out, sizeof out, false), -1);
        assert_string_equal(out, "");
    }
    /* Too long for the buffer: refused, never cut. */
    assert_int_equal(people_text_clean("abcdef", out, 4, false), -1);
    assert_int_equal(people_text_clean("abc", out, 4, false), 3);
    assert_int_equal(people_text_clean("a", out, 0, false), -1);
}

static void request_moves_follow_the_table(void **state)
{
    (void)state;
    /* From pending: the recipient accepts or declines, the sender cancels. */
    assert_int_equal(friend_move_check(FRIEND_PENDING, FRIEND_RECIPIENT, FRIEND_ACCEPT), ERR_OK);
    assert_int_equal(friend_move_check(FRIEND_PENDING, FRIEND_RECIPIENT, FRIEND_DECLINE), ERR_OK);
    assert_int_equal(friend_move_check(FRIEND_PENDING, FRIEND_SENDER, FRIEND_CANCEL), ERR_OK);
    /* The other party may not. */
    assert_int_equal(friend_move_check(FRIEND_PENDING, FRIEND_SENDER, FRIEND_ACCEPT),
                     ERR_FORBIDDEN);
    assert_int_equal(friend_move_check(FRIEND_PENDING, FRIEND_SENDER, FRIEND_DECLINE),
                     ERR_FORBIDDEN);
    assert_int_equal(friend_move_check(FRIEND_PENDING, FRIEND_RECIPIENT, FRIEND_CANCEL),
                     ERR_FORBIDDEN);
    /* A declined request admits no move. */
    assert_int_equal(friend_move_check(FRIEND_DECLINED, FRIEND_RECIPIENT, FRIEND_ACCEPT),
                     ERR_FRIEND_REQUEST_NOT_PENDING);
    assert_int_equal(friend_move_check(FRIEND_DECLINED, FRIEND_RECIPIENT, FRIEND_DECLINE),
                     ERR_FRIEND_REQUEST_NOT_PENDING);
    assert_int_equal(friend_move_check(FRIEND_DECLINED, FRIEND_SENDER, FRIEND_CANCEL),
                     ERR_FRIEND_REQUEST_NOT_PENDING);
    assert_int_equal(friend_move_check(FRIEND_DECLINED, FRIEND_SENDER, FRIEND_ACCEPT),
                     ERR_FORBIDDEN);
}

static void sending_decides_in_order(void **state)
{
    (void)state;
    const int64_t now = 1800000000;
    enum errcode why;
    struct friend_pair p;
    memset(&p, 0, sizeof p);
    assert_int_equal(friend_send_decide(&p, now, &why), FRIEND_SEND_CREATE);
    assert_int_equal(why, ERR_OK);

    p.same = true;
    assert_int_equal(friend_send_decide(&p, now, &why), FRIEND_SEND_REFUSE);
    assert_int_equal(why, ERR_FRIEND_SELF);

    memset(&p, 0, sizeof p);
    p.friends = true;
    p.incoming_pending = true; /* cannot coexist, but friends wins */
    friend_send_decide(&p, now, &why);
    assert_int_equal(why, ERR_ALREADY_FRIENDS);

    memset(&p, 0, sizeof p);
    p.incoming_pending = true;
    p.outgoing_declined = true;
    p.declined_at = now;
    assert_int_equal(friend_send_decide(&p, now, &why), FRIEND_SEND_ACCEPT_INCOMING);
    p.b_friends = AG_FRIENDS_MAX;
    assert_int_equal(friend_send_decide(&p, now, &why), FRIEND_SEND_REFUSE);
    assert_int_equal(why, ERR_LIMIT_REACHED);

    memset(&p, 0, sizeof p);
    p.outgoing_pending = true;
    friend_send_decide(&p, now, &why);
    assert_int_equal(why, ERR_FRIEND_REQUEST_PENDING);

    /* A decline holds for the cool-off, not a second longer. */
    memset(&p, 0, sizeof p);
    p.outgoing_declined = true;
    p.declined_at = now - AG_FRIEND_REASK_AFTER + 1;
    friend_send_decide(&p, now, &why);
    assert_int_equal(why, ERR_FRIEND_REQUEST_DECLINED);
    p.declined_at = now - AG_FRIEND_REASK_AFTER;
    assert_int_equal(friend_send_decide(&p, now, &why), FRIEND_SEND_CREATE);

    memset(&p, 0, sizeof p);
    p.a_pending_out = AG_FRIEND_REQUESTS_PENDING_MAX;
    friend_send_decide(&p, now, &why);
    assert_int_equal(why, ERR_LIMIT_REACHED);
    p.a_pending_out = AG_FRIEND_REQUESTS_PENDING_MAX - 1;
    p.a_friends = AG_FRIENDS_MAX;
    friend_send_decide(&p, now, &why);
    assert_int_equal(why, ERR_LIMIT_REACHED);
}

static void relations_are_named(void **state)
{
    (void)state;
    struct friend_pair p;
    memset(&p, 0, sizeof p);
    assert_int_equal(friend_relation_of(&p), FRIEND_REL_NONE);
    p.outgoing_declined = true;
    assert_string_equal(friend_relation_name(friend_relation_of(&p)), "request_declined");
    p.incoming_pending = true;
    assert_string_equal(friend_relation_name(friend_relation_of(&p)), "request_received");
    p.outgoing_pending = true;
    assert_string_equal(friend_relation_name(friend_relation_of(&p)), "request_sent");
    p.friends = true;
    assert_string_equal(friend_relation_name(friend_relation_of(&p)), "friend");
    p.same = true;
    assert_string_equal(friend_relation_name(friend_relation_of(&p)), "self");
    assert_string_equal(friend_state_name(FRIEND_DECLINED), "declined");
    assert_string_equal(friend_state_name(FRIEND_PENDING), "pending");
}

static void who_sees_area_and_activity(void **state)
{
    (void)state;
    const enum friend_relation others[] = {FRIEND_REL_NONE, FRIEND_REL_REQUEST_SENT,
                                           FRIEND_REL_REQUEST_RECEIVED,
                                           FRIEND_REL_REQUEST_DECLINED};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        assert_true(shopper_area_visible(others[i], PEOPLE_VIS_EVERYONE));
        assert_false(shopper_area_visible(others[i], PEOPLE_VIS_FRIENDS));
        assert_false(shopper_area_visible(others[i], PEOPLE_VIS_NOBODY));
        /* Activity is never for non-friends, whatever the setting. */
        assert_int_equal(shopper_activity_access(others[i], PEOPLE_VIS_EVERYONE), ERR_FRIENDS_ONLY);
        assert_int_equal(shopper_activity_access(others[i], PEOPLE_VIS_FRIENDS), ERR_FRIENDS_ONLY);
    }
    assert_true(shopper_area_visible(FRIEND_REL_FRIEND, PEOPLE_VIS_FRIENDS));
    assert_false(shopper_area_visible(FRIEND_REL_FRIEND, PEOPLE_VIS_NOBODY));
    assert_true(shopper_area_visible(FRIEND_REL_SELF, PEOPLE_VIS_NOBODY));
    assert_int_equal(shopper_activity_access(FRIEND_REL_FRIEND, PEOPLE_VIS_FRIENDS), ERR_OK);
    assert_int_equal(shopper_activity_access(FRIEND_REL_FRIEND, PEOPLE_VIS_NOBODY),
                     ERR_ACTIVITY_HIDDEN);
    assert_int_equal(shopper_activity_access(FRIEND_REL_SELF, PEOPLE_VIS_NOBODY), ERR_OK);
    /* Unknown settings read as the safe side. */
    assert_int_equal(people_vis_parse("public"), PEOPLE_VIS_NOBODY);
    assert_int_equal(people_vis_parse(NULL), PEOPLE_VIS_NOBODY);
    assert_int_equal(people_vis_parse("everyone"), PEOPLE_VIS_EVERYONE);
    assert_string_equal(people_vis_name(PEOPLE_VIS_FRIENDS), "friends");
}

static void consent_purposes_are_named(void **state)
{
    (void)state;
    assert_int_equal(CONSENT_COUNT, 3);
    for (int p = 0; p < CONSENT_COUNT; p++) {
        assert_int_equal(consent_parse(consent_name((enum consent_purpose)p)), p);
        /* The body fields of PATCH /v1/me list the same purposes. */
        assert_string_equal(consent_fields[p].name, consent_name((enum consent_purpose)p));
    }
    assert_null(consent_fields[CONSENT_COUNT].name);
    assert_int_equal(consent_parse("spam"), -1);
    assert_int_equal(consent_parse(NULL), -1);
}

static void personal_data_parts_are_complete(void **state)
{
    (void)state;
    /* The account comes first so that erasure (bottom-up) tombstones it
     * last; every part erases something; names are unique. */
    assert_string_equal(people_data_parts[0].name, "account");
    for (size_t i = 0; i < people_data_parts_count; i++) {
        assert_non_null(people_data_parts[i].erase_fn);
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(people_data_parts[i].name, people_data_parts[k].name);
        if (people_data_parts[i].flags & PEOPLE_DATA_ACTIVITY)
            assert_non_null(people_data_parts[i].export_fn);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_is_trimmed_collapsed_and_lowered),
        cmocka_unit_test(request_moves_follow_the_table),
        cmocka_unit_test(sending_decides_in_order),
        cmocka_unit_test(relations_are_named),
        cmocka_unit_test(who_sees_area_and_activity),
        cmocka_unit_test(consent_purposes_are_named),
        cmocka_unit_test(personal_data_parts_are_complete),
    };
    return cmocka_run_group_tests_name("people_rules", tests, NULL, NULL);
}
