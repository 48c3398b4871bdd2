/*
 * friend.h - friend requests and friendships: the rules and their storage.
 *
 * A request goes from one shopper to another and is pending until the
 * recipient accepts it (the request disappears and a friendship exists)
 * or declines it (it stays, declined, so that the sender may not ask again
 * for AG_FRIEND_REASK_AFTER); the sender may cancel a pending request.
 * Asking someone who already asked you accepts their request: both want
 * the friendship, so nobody is kept waiting.  The moves are one table in
 * friend_rules.c; friend_send_decide says what a new request does.  Only
 * accepted friends see each other's activity (see shopper.h).
 *
 * Storage functions return store results (STORE_DONE / STORE_ROW /
 * negative errors) and run inside the caller's transaction.
 */
#ifndef AG_PEOPLE_FRIEND_H
#define AG_PEOPLE_FRIEND_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/errcode.h"
#include "people/rows.h"
#include "store/store.h"

enum friend_state { FRIEND_PENDING, FRIEND_DECLINED };
enum friend_action { FRIEND_ACCEPT, FRIEND_DECLINE, FRIEND_CANCEL };
enum friend_actor { FRIEND_SENDER, FRIEND_RECIPIENT };

/* How two accounts relate, seen from the first. */
enum friend_relation {
    FRIEND_REL_NONE,
    FRIEND_REL_SELF,
    FRIEND_REL_FRIEND,
    FRIEND_REL_REQUEST_SENT,     /* I asked, pending */
    FRIEND_REL_REQUEST_RECEIVED, /* they asked, pending */
    FRIEND_REL_REQUEST_DECLINED, /* I asked, they declined */
};

/* Everything the rules need to know about accounts a (asking) and b. */
struct friend_pair {
    bool same;
    bool friends;
    bool incoming_pending; /* b asked a and waits */
    int64_t incoming_id;
    bool outgoing_pending; /* a asked b and waits */
    bool outgoing_declined;
    int64_t outgoing_id;
    int64_t declined_at;
    /* Filled only when loaded with counts. */
    int64_t a_pending_out; /* requests a has pending */
    int64_t a_friends, b_friends;
};

struct friend_request {
    int64_t id;
    int64_t from_id, to_id;
    enum friend_state state;
    int64_t created_at;
    int64_t decided_at; /* 0 while pending */
};

/* Rules (friend_rules.c: pure) ------------------------------------------ */

/* ERR_OK when who may make the move on a request in state from;
 * ERR_FORBIDDEN when the move belongs to the other party;
 * ERR_FRIEND_REQUEST_NOT_PENDING when the request was already decided. */
enum errcode friend_move_check(enum friend_state from, enum friend_actor who,
                               enum friend_action what);

enum friend_send_outcome {
    FRIEND_SEND_CREATE,          /* a new pending request */
    FRIEND_SEND_ACCEPT_INCOMING, /* b's pending request is accepted */
    FRIEND_SEND_REFUSE,          /* *why says why */
};

/* What a new request from a to b does (p loaded with counts). */
enum friend_send_outcome friend_send_decide(const struct friend_pair *p, int64_t now,
                                            enum errcode *why);

/* ERR_OK when a and b may become friends now (both under AG_FRIENDS_MAX),
 * else ERR_LIMIT_REACHED. */
enum errcode friend_accept_check(const struct friend_pair *p);

enum friend_relation friend_relation_of(const struct friend_pair *p);
const char *friend_relation_name(enum friend_relation r);
const char *friend_state_name(enum friend_state s);

/* Storage (friend.c) ---------------------------------------------------- */

/* Loads the pair (a asking b); counts only when with_counts. */
int friend_pair_load(store_conn *db, int64_t a, int64_t b, bool with_counts,
                     struct friend_pair *out);

/* STORE_ROW with *out, STORE_DONE when there is no such request. */
int friend_request_get(store_conn *db, int64_t id, struct friend_request *out);

/* Creates a pending request from -> to (replacing a declined one). */
int friend_request_create(store_conn *db, int64_t from, int64_t to, int64_t now, int64_t *id);
int friend_request_decline(store_conn *db, int64_t id, int64_t now);
int friend_request_delete(store_conn *db, int64_t id);

/* Makes a and b friends and removes every request between them. */
int friend_make(store_conn *db, int64_t a, int64_t b, int64_t now);
/* Ends the friendship; *removed is false when they were not friends. */
int friend_remove(store_conn *db, int64_t a, int64_t b, bool *removed);

/* The JSON of a request seen by viewer (new reference in *out):
 * {"id","direction","from","to","state","created_at","decided_at"}. */
int friend_request_json(store_conn *db, const struct friend_request *r, int64_t viewer,
                        json_t **out);

/* Which requests a list shows. */
enum friend_list_dir { FRIEND_DIR_ALL, FRIEND_DIR_INCOMING, FRIEND_DIR_OUTGOING };

/* Pages of requests (newest first, ids below before_id; key: the id) and
 * of friends (most recent first, below the key (since, friend id)); see
 * rows.h for pg. */
int friend_request_list(store_conn *db, int64_t account_id, enum friend_list_dir dir,
                        int64_t before_id, struct people_page *pg);
int friend_list(store_conn *db, int64_t account_id, int64_t before_since, int64_t before_id,
                struct people_page *pg);

/* Personal-data parts "friends" and "friend_requests" (new references in
 * *out; see personal_data.h), and their erasure (both sides of every
 * friendship and request go). */
int friend_export(store_conn *db, int64_t account_id, json_t **out);
int friend_request_export(store_conn *db, int64_t account_id, json_t **out);
int friend_erase(store_conn *db, int64_t account_id, int64_t now);
int friend_request_erase(store_conn *db, int64_t account_id, int64_t now);

#endif
