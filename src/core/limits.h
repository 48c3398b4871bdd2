/*
 * limits.h - every fixed ceiling in Agora, in one place, with its reason.
 *
 * Anything that grows (buffers, bodies, lists, nesting) stops at a limit named
 * here.  Limits that an operator may want to change are also settings (see
 * settings.c); the values below are then only their defaults.
 */
#ifndef AG_LIMITS_H
#define AG_LIMITS_H

/* HTTP ------------------------------------------------------------------ */

/* Default body limit of JSON routes (1 MiB); a route may declare its own. */
#define AG_JSON_BODY_MAX (1024u * 1024u)
/* Default body limit of upload routes such as product feeds (setting). */
#define AG_UPLOAD_BODY_MAX (256u * 1024u * 1024u)
/* Deepest JSON nesting accepted in a request body. */
#define AG_JSON_DEPTH_MAX 32
/* Longest request path we route. */
#define AG_PATH_MAX 1024
/* Longest raw query string we parse. */
#define AG_QUERY_MAX 4096
/* Most query parameters in one request. */
#define AG_QUERY_PARAMS_MAX 32
/* Most {param} segments in one route pattern. */
#define AG_PATH_PARAMS_MAX 4
/* Most segments in one path. */
#define AG_PATH_SEGMENTS_MAX 16
/* Length of a generated request id (hex characters). */
#define AG_REQUEST_ID_LEN 16
/* Longest client-supplied X-Request-Id we keep (else we make our own). */
#define AG_REQUEST_ID_MAX 64
/* Longest Idempotency-Key accepted. */
#define AG_IDEMPOTENCY_KEY_MAX 255
/* Largest response body remembered for an idempotent replay. */
#define AG_IDEMPOTENCY_BODY_MAX (256u * 1024u)
/* Most failing fields reported in one validation problem. */
#define AG_FIELD_ERRORS_MAX 64

/* Pagination --------------------------------------------------------- */

#define AG_PAGE_DEFAULT 20
#define AG_PAGE_MAX 100
#define AG_CURSOR_MAX 256

/* Memory ------------------------------------------------------------- */

/* Per-request arena: first block size; later blocks double up to this cap. */
#define AG_ARENA_BLOCK_MIN 4096u
#define AG_ARENA_BLOCK_MAX (1024u * 1024u)
/* Hard ceiling of one bounded buffer unless its owner sets a lower one. */
#define AG_BUF_HARD_MAX (512u * 1024u * 1024u)

/* Storage ------------------------------------------------------------ */

/* Prepared statements cached per connection. */
#define AG_STMT_CACHE_SIZE 256
/* Most bound parameters in one statement. */
#define AG_STMT_PARAMS_MAX 32
/* Most database connections (one per worker thread plus helpers). */
#define AG_DB_CONNS_MAX 256

/* Accounts ----------------------------------------------------------- */

#define AG_EMAIL_MAX 254
#define AG_PASSWORD_MIN 10
#define AG_PASSWORD_MAX 256
#define AG_DISPLAY_NAME_MAX 80
/* Random bytes in a bearer token (256 bits). */
#define AG_TOKEN_BYTES 32

/* People and relationships -------------------------------------------- */

/* Interests of one profile: categories, brands and free tags. */
#define AG_INTEREST_CATEGORIES_MAX 50
#define AG_INTEREST_BRANDS_MAX 50
#define AG_INTEREST_TAGS_MAX 30
/* Longest free tag, in characters (after trimming). */
#define AG_TAG_MAX 32
/* Accepted friendships of one account (both sides are checked). */
#define AG_FRIENDS_MAX 5000
/* Pending friend requests one account may have sent (spam brake). */
#define AG_FRIEND_REQUESTS_PENDING_MAX 100
/* After a decline, the sender may ask the same shopper again only after
 * this many seconds (30 days). */
#define AG_FRIEND_REASK_AFTER (30 * 86400)
/* Retailers and brands one account may follow. */
#define AG_FOLLOWS_MAX 1000
/* Consent changes kept per account and purpose in the export history;
 * older ones are pruned when a new one is recorded. */
#define AG_CONSENT_HISTORY_MAX 100

#endif
