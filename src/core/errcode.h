/*
 * errcode.h - the stable error codes of the API and their HTTP statuses.
 *
 * Every problem+json body carries one of these codes in its "code" member.
 * Codes are part of the public API: add new ones, never rename or reuse one.
 * Domain code returns them; the HTTP layer turns them into responses.
 */
#ifndef AG_ERRCODE_H
#define AG_ERRCODE_H

/* X(enum name, HTTP status, stable code string, title) */
#define AG_ERRORS(X)                                                                         \
    X(ERR_OK, 200, "ok", "OK")                                                                \
    X(ERR_MALFORMED_JSON, 400, "malformed_json", "Request body is not valid JSON")            \
    X(ERR_BAD_REQUEST, 400, "bad_request", "Bad request")                                     \
    X(ERR_UNAUTHENTICATED, 401, "unauthenticated", "Authentication required")                 \
    X(ERR_INVALID_CREDENTIALS, 401, "invalid_credentials", "Wrong e-mail or password")        \
    X(ERR_TOKEN_EXPIRED, 401, "token_expired", "Session expired")                             \
    X(ERR_TOKEN_REVOKED, 401, "token_revoked", "Session ended")                               \
    X(ERR_FORBIDDEN, 403, "forbidden", "Not allowed")                                         \
    X(ERR_ACCOUNT_DISABLED, 403, "account_disabled", "Account disabled")                      \
    X(ERR_NOT_FOUND, 404, "not_found", "Not found")                                           \
    X(ERR_ROUTE_NOT_FOUND, 404, "route_not_found", "No such route")                           \
    X(ERR_METHOD_NOT_ALLOWED, 405, "method_not_allowed", "Method not allowed")                \
    X(ERR_NOT_ACCEPTABLE, 406, "not_acceptable", "Not acceptable")                            \
    X(ERR_CONFLICT, 409, "conflict", "Conflict")                                              \
    X(ERR_ALREADY_EXISTS, 409, "already_exists", "Already exists")                            \
    X(ERR_IDEMPOTENCY_IN_PROGRESS, 409, "idempotency_in_progress",                            \
      "A request with this Idempotency-Key is still running")                                 \
    X(ERR_PAYLOAD_TOO_LARGE, 413, "payload_too_large", "Request body too large")              \
    X(ERR_UNSUPPORTED_MEDIA_TYPE, 415, "unsupported_media_type", "Unsupported Content-Type")  \
    X(ERR_VALIDATION, 422, "validation_failed", "Request is not valid")                       \
    X(ERR_IDEMPOTENCY_MISMATCH, 422, "idempotency_key_reused",                                \
      "Idempotency-Key reused with a different request")                                      \
    X(ERR_RATE_LIMITED, 429, "rate_limited", "Too many requests")                             \
    X(ERR_INTERNAL, 500, "internal_error", "Internal error")                                  \
    X(ERR_UNAVAILABLE, 503, "unavailable", "Service unavailable")                             \
    X(ERR_FRIEND_SELF, 422, "friend_self", "You cannot befriend yourself")                    \
    X(ERR_ALREADY_FRIENDS, 409, "already_friends", "Already friends")                         \
    X(ERR_FRIEND_REQUEST_PENDING, 409, "friend_request_pending",                              \
      "A friend request is already pending")                                                  \
    X(ERR_FRIEND_REQUEST_DECLINED, 409, "friend_request_declined",                            \
      "The friend request was declined recently")                                             \
    X(ERR_FRIEND_REQUEST_NOT_FOUND, 404, "friend_request_not_found", "No such friend request") \
    X(ERR_FRIEND_REQUEST_NOT_PENDING, 409, "friend_request_not_pending",                      \
      "The friend request is no longer pending")                                              \
    X(ERR_NOT_FRIENDS, 404, "not_friends", "Not friends")                                     \
    X(ERR_FRIENDS_ONLY, 403, "friends_only", "Only friends may see this")                     \
    X(ERR_ACTIVITY_HIDDEN, 403, "activity_hidden", "This shopper shows their activity to no one") \
    X(ERR_NOT_FOLLOWING, 404, "not_following", "Not following")                               \
    X(ERR_LIMIT_REACHED, 409, "limit_reached", "A limit was reached")

enum errcode {
#define AG_ERR_ENUM(name, status, code, title) name,
    AG_ERRORS(AG_ERR_ENUM)
#undef AG_ERR_ENUM
        ERR_COUNT_
};

int errcode_status(enum errcode e);
const char *errcode_code(enum errcode e);
const char *errcode_title(enum errcode e);

#endif
