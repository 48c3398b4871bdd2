/*
 * friend_rules.c - the state machine of friend requests and the rules of
 * sending one (see friend.h).  Pure: no I/O, unit-tested.
 *
 *   move     who may      from      to
 *   accept   recipient    pending   (friendship; the request is removed)
 *   decline  recipient    pending   declined
 *   cancel   sender       pending   (removed)
 *
 * A declined request admits no move: it stays until the sender asks again
 * after the cool-off (it is then replaced), the two become friends the
 * other way round, or either account is erased.
 */
#include "people/friend.h"

#include "core/limits.h"

static const struct friend_move {
    enum friend_action action;
    enum friend_actor actor;
    enum friend_state from;
} friend_moves[] = {
    {FRIEND_ACCEPT, FRIEND_RECIPIENT, FRIEND_PENDING},
    {FRIEND_DECLINE, FRIEND_RECIPIENT, FRIEND_PENDING},
    {FRIEND_CANCEL, FRIEND_SENDER, FRIEND_PENDING},
};

enum errcode friend_move_check(enum friend_state from, enum friend_actor who,
                               enum friend_action what)
{
    for (size_t i = 0; i < sizeof friend_moves / sizeof friend_moves[0]; i++) {
        const struct friend_move *m = &friend_moves[i];
        if (m->action != what)
            continue;
        if (m->actor != who)
            return ERR_FORBIDDEN;
        return m->from == from ? ERR_OK : ERR_FRIEND_REQUEST_NOT_PENDING;
    }
    return ERR_FORBIDDEN;
}

enum errcode friend_accept_check(const struct friend_pair *p)
{
    if (p->a_friends >= AG_FRIENDS_MAX || p->b_friends >= AG_FRIENDS_MAX)
        return ERR_LIMIT_REACHED;
    return ERR_OK;
}

enum friend_send_outcome friend_send_decide(const struct friend_pair *p, int64_t now,
                                            enum errcode *why)
{
    *why = ERR_OK;
    if (p->same)
        *why = ERR_FRIEND_SELF;
    else if (p->friends)
        *why = ERR_ALREADY_FRIENDS;
    else if (p->incoming_pending) {
        *why = friend_accept_check(p);
        if (*why == ERR_OK)
            return FRIEND_SEND_ACCEPT_INCOMING;
    } else if (p->outgoing_pending)
        *why = ERR_FRIEND_REQUEST_PENDING;
    else if (p->outgoing_declined && now < p->declined_at + AG_FRIEND_REASK_AFTER)
        *why = ERR_FRIEND_REQUEST_DECLINED;
    else if (p->a_pending_out >= AG_FRIEND_REQUESTS_PENDING_MAX || p->a_friends >= AG_FRIENDS_MAX)
        *why = ERR_LIMIT_REACHED;
    return *why == ERR_OK ? FRIEND_SEND_CREATE : FRIEND_SEND_REFUSE;
}

enum friend_relation friend_relation_of(const struct friend_pair *p)
{
    if (p->same)
        return FRIEND_REL_SELF;
    if (p->friends)
        return FRIEND_REL_FRIEND;
    if (p->outgoing_pending)
        return FRIEND_REL_REQUEST_SENT;
    if (p->incoming_pending)
        return FRIEND_REL_REQUEST_RECEIVED;
    if (p->outgoing_declined)
        return FRIEND_REL_REQUEST_DECLINED;
    return FRIEND_REL_NONE;
}

const char *friend_relation_name(enum friend_relation r)
{
    static const char *const names[] = {
        "none", "self", "friend", "request_sent", "request_received", "request_declined"};
    return (unsigned)r <= FRIEND_REL_REQUEST_DECLINED ? names[r] : "none";
}

const char *friend_state_name(enum friend_state s)
{
    return s == FRIEND_DECLINED ? "declined" : "pending";
}
