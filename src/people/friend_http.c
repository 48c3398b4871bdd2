/*
 * friend_http.c - friends and friend requests over HTTP.
 *
 *   GET    /v1/me/friends                       my friends, most recent first
 *   DELETE /v1/me/friends/{id}                  end a friendship
 *   GET    /v1/me/friend-requests?direction=    incoming (pending), outgoing
 *   POST   /v1/me/friend-requests {shopper_id}  ask (or accept theirs)
 *   GET    /v1/me/friend-requests/{id}          one request (either party)
 *   POST   /v1/me/friend-requests/{id}/accept   recipient
 *   POST   /v1/me/friend-requests/{id}/decline  recipient
 *   DELETE /v1/me/friend-requests/{id}          sender cancels
 *
 * The rules are in friend_rules.c; this file maps their answers to
 * problems.  A request someone is not a party to is "not found" to them.
 */
#include <stdio.h>

#include "core/limits.h"
#include "core/timeutil.h"
#include "http/query.h"
#include "json/js.h"
#include "json/validate.h"
#include "people/friend.h"
#include "people/handlers.h"
#include "people/people_http.h"
#include "people/shopper.h"

static const struct query_param friend_list_params[] = {
    QUERY_PAGE_PARAMS,
    {0},
};

/* GET /v1/me/friends: {"items": [{"shopper", "since"}], "next_cursor"}. */
int friend_http_list(struct http_req *req, struct http_res *res)
{
    int64_t key[2];
    if (query_check(req, res, friend_list_params) != 0 || people_http_cursor(req, res, 2, key) != 0)
        return res->status;
    struct people_page pg;
    people_http_page_init(req, &pg);
    int rc = friend_list(req->db, req->auth.account_id, key[0], key[1], &pg);
    if (rc != STORE_DONE) {
        json_decref(pg.items);
        return http_problem_store(res, rc);
    }
    return people_http_page(req, res, &pg, 2);
}

/* DELETE /v1/me/friends/{id}: ends the friendship for both. */
int friend_http_remove(struct http_req *req, struct http_res *res)
{
    int64_t other;
    if (http_param_id(req, res, 0, &other) != 0)
        return res->status;
    int rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc != STORE_OK)
        return http_problem_store(res, rc);
    bool removed = false;
    rc = friend_remove(req->db, req->auth.account_id, other, &removed);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    if (!removed)
        return http_problem(res, ERR_NOT_FRIENDS, "You and shopper %lld are not friends.",
                            (long long)other);
    return http_no_content(res);
}

static const char *const friend_directions[] = {"all", "incoming", "outgoing", NULL};

static const struct query_param friend_request_params[] = {
    QUERY_PAGE_PARAMS,
    {"direction", QUERY_STRING, .choices = friend_directions},
    {0},
};

/* GET /v1/me/friend-requests?direction=all|incoming|outgoing: requests
 * waiting for my answer (incoming, pending) and those I sent (outgoing,
 * pending or declined), newest first. */
int friend_http_requests(struct http_req *req, struct http_res *res)
{
    int64_t key[2];
    if (query_check(req, res, friend_request_params) != 0 ||
        people_http_cursor(req, res, 1, key) != 0)
        return res->status;
    const char *d = http_query(req, "direction");
    enum friend_list_dir dir = !d || d[0] == 'a' ? FRIEND_DIR_ALL
                               : d[0] == 'i'     ? FRIEND_DIR_INCOMING
                                                 : FRIEND_DIR_OUTGOING;
    struct people_page pg;
    people_http_page_init(req, &pg);
    int rc = friend_request_list(req->db, req->auth.account_id, dir, key[0], &pg);
    if (rc != STORE_DONE) {
        json_decref(pg.items);
        return http_problem_store(res, rc);
    }
    return people_http_page(req, res, &pg, 1);
}

/* Answers a refused request with the problem of why. */
static int friend_refused(struct http_res *res, enum errcode why, const struct shopper *to,
                          const struct friend_pair *p)
{
    char when[32];
    switch (why) {
    case ERR_FRIEND_SELF:
        return http_problem(res, why, "You cannot send a friend request to yourself.");
    case ERR_ALREADY_FRIENDS:
        return http_problem(res, why, "You and %s are already friends.", to->display_name);
    case ERR_FRIEND_REQUEST_PENDING:
        return http_problem(res, why, "You already asked %s (request %lld); it is pending.",
                            to->display_name, (long long)p->outgoing_id);
    case ERR_FRIEND_REQUEST_DECLINED:
        time_format_rfc3339(p->declined_at + AG_FRIEND_REASK_AFTER, when, sizeof when);
        return http_problem(res, why, "%s declined your request; you may ask again from %s.",
                            to->display_name, when);
    case ERR_LIMIT_REACHED:
        if (p->a_pending_out >= AG_FRIEND_REQUESTS_PENDING_MAX)
            return http_problem(res, why,
                                "You have %d pending friend requests, the most allowed; "
                                "cancel some or wait for answers.",
                                AG_FRIEND_REQUESTS_PENDING_MAX);
        return http_problem(res, why, "A shopper may have at most %d friends.", AG_FRIENDS_MAX);
    default:
        return http_problem(res, why, NULL);
    }
}

/* Accepts request r (its recipient is the caller; state checked): makes
 * the friendship and answers the request, now "accepted", with status. */
static int friend_accept_answer(struct http_req *req, struct http_res *res,
                                const struct friend_request *r, int status)
{
    struct friend_pair pair;
    int rc = friend_pair_load(req->db, r->to_id, r->from_id, true, &pair);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    if (friend_accept_check(&pair) != ERR_OK)
        return http_problem(res, ERR_LIMIT_REACHED, "A shopper may have at most %d friends.",
                            AG_FRIENDS_MAX);
    json_t *doc = NULL;
    rc = friend_request_json(req->db, r, req->auth.account_id, &doc);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    int64_t now = time_now();
    rc = friend_make(req->db, r->to_id, r->from_id, now);
    if (rc != STORE_DONE) {
        json_decref(doc);
        return http_problem_store(res, rc);
    }
    json_object_set_new(doc, "state", json_string("accepted"));
    json_object_set_new(doc, "decided_at", js_time(now));
    return http_json(res, status, doc);
}

static const struct jv_field friend_send_body[] = {
    {"shopper_id", JV_ID, JV_REQUIRED},
    {0},
};

/* POST /v1/me/friend-requests {"shopper_id"}: 201 with a new pending
 * request, or 200 with their request accepted when they had asked me. */
int friend_http_send(struct http_req *req, struct http_res *res)
{
    if (req->auth.role != ROLE_SHOPPER)
        return http_problem(res, ERR_FORBIDDEN, "Friendships are between shopper accounts.");
    json_t *errors = jv_check(req->body, friend_send_body);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    int64_t me = req->auth.account_id, to = 0;
    if (js_parse_id(js_get_str(req->body, "shopper_id"), &to) != 0)
        return http_problem_field(res, "/shopper_id", "must be an id (a string of digits)");
    int rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc != STORE_OK)
        return http_problem_store(res, rc);
    struct shopper s;
    rc = shopper_get(req->db, to, &s);
    if (rc == STORE_DONE)
        return http_problem(res, ERR_NOT_FOUND, "No shopper %lld.", (long long)to);
    if (rc != STORE_ROW)
        return http_problem_store(res, rc);
    struct friend_pair pair;
    rc = friend_pair_load(req->db, me, to, true, &pair);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    int64_t now = time_now();
    enum errcode why;
    struct friend_request r;
    switch (friend_send_decide(&pair, now, &why)) {
    case FRIEND_SEND_REFUSE:
        return friend_refused(res, why, &s, &pair);
    case FRIEND_SEND_ACCEPT_INCOMING:
        rc = friend_request_get(req->db, pair.incoming_id, &r);
        if (rc != STORE_ROW)
            return http_problem_store(res, rc == STORE_DONE ? STORE_ERR : rc);
        return friend_accept_answer(req, res, &r, 200);
    case FRIEND_SEND_CREATE:
        break;
    }
    rc = friend_request_create(req->db, me, to, now, &r.id);
    json_t *doc = NULL;
    if (rc == STORE_DONE)
        rc = friend_request_json(req->db, &r, me, &doc);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    char loc[64];
    snprintf(loc, sizeof loc, "/v1/me/friend-requests/%lld", (long long)r.id);
    http_header(req, res, "Location", loc);
    return http_json(res, 201, doc);
}

/* Loads the request of the path for the caller, who must be a party.
 * Returns 0 (r and *who filled) or the status of the problem written. */
static int friend_load(struct http_req *req, struct http_res *res, struct friend_request *r,
                       enum friend_actor *who)
{
    int64_t id;
    if (http_param_id(req, res, 0, &id) != 0)
        return res->status;
    int rc = friend_request_get(req->db, id, r);
    if (rc != STORE_ROW && rc != STORE_DONE)
        return http_problem_store(res, rc);
    int64_t me = req->auth.account_id;
    if (rc == STORE_DONE || (r->from_id != me && r->to_id != me))
        return http_problem(res, ERR_FRIEND_REQUEST_NOT_FOUND, "No friend request %lld.",
                            (long long)id);
    *who = r->from_id == me ? FRIEND_SENDER : FRIEND_RECIPIENT;
    return 0;
}

/* GET /v1/me/friend-requests/{id} */
int friend_http_request_get(struct http_req *req, struct http_res *res)
{
    struct friend_request r;
    enum friend_actor who;
    if (friend_load(req, res, &r, &who) != 0)
        return res->status;
    json_t *doc = NULL;
    int rc = friend_request_json(req->db, &r, req->auth.account_id, &doc);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    return http_json(res, 200, doc);
}

/* One move on the request of the path (see friend_rules.c). */
static int friend_move(struct http_req *req, struct http_res *res, enum friend_action action)
{
    static const char *const wrong_party[] = {
        [FRIEND_ACCEPT] = "Only the shopper who received a request can accept it.",
        [FRIEND_DECLINE] = "Only the shopper who received a request can decline it.",
        [FRIEND_CANCEL] = "Only the sender can cancel a request; decline it instead.",
    };
    int rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc != STORE_OK)
        return http_problem_store(res, rc);
    struct friend_request r;
    enum friend_actor who;
    if (friend_load(req, res, &r, &who) != 0)
        return res->status;
    enum errcode why = friend_move_check(r.state, who, action);
    if (why == ERR_FORBIDDEN)
        return http_problem(res, why, "%s", wrong_party[action]);
    if (why != ERR_OK)
        return http_problem(res, why, "Request %lld was already declined.", (long long)r.id);
    if (action == FRIEND_ACCEPT)
        return friend_accept_answer(req, res, &r, 200);
    if (action == FRIEND_CANCEL) {
        rc = friend_request_delete(req->db, r.id);
        return rc == STORE_DONE ? http_no_content(res) : http_problem_store(res, rc);
    }
    rc = friend_request_decline(req->db, r.id, time_now());
    json_t *doc = NULL;
    if (rc == STORE_DONE)
        rc = friend_request_json(req->db, &r, req->auth.account_id, &doc);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    return http_json(res, 200, doc);
}

/* POST /v1/me/friend-requests/{id}/accept */
int friend_http_accept(struct http_req *req, struct http_res *res)
{
    return friend_move(req, res, FRIEND_ACCEPT);
}

/* POST /v1/me/friend-requests/{id}/decline */
int friend_http_decline(struct http_req *req, struct http_res *res)
{
    return friend_move(req, res, FRIEND_DECLINE);
}

/* DELETE /v1/me/friend-requests/{id} */
int friend_http_cancel(struct http_req *req, struct http_res *res)
{
    return friend_move(req, res, FRIEND_CANCEL);
}
