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

/* Catalog ------------------------------------------------------------ */

/* Longest IANA time zone name ("America/Argentina/ComodRivadavia" is 32). */
#define AG_TZ_NAME_MAX 64
/* Largest TZif file read (the biggest in tzdata is under 4 KiB). */
#define AG_TZ_FILE_MAX (64u * 1024u)
/* Most transitions read from one TZif file. */
#define AG_TZ_TRANSITIONS_MAX 4096
/* Longest slug made from a name (bytes). */
#define AG_SLUG_MAX 96
/* Suffixes tried (-2, -3, ...) before a retailer slug is declared taken. */
#define AG_SLUG_TRIES 50
/* Names of retailers, brands, categories and stores (characters). */
#define AG_NAME_MAX 200
/* URLs (website, link, image_link), characters. */
#define AG_URL_MAX 2000
/* Street addresses and cities, characters. */
#define AG_ADDRESS_MAX 300
/* Postal codes, phone numbers and notes of hours exceptions, characters;
 * countries are ISO 3166-1 alpha-2. */
#define AG_POSTAL_CODE_MAX 20
#define AG_PHONE_MAX 40
#define AG_NOTE_MAX 200
/* A unit pricing measure as text ("1.5 kg"). */
#define AG_MEASURE_MAX 32
/* Ceiling of SQL text built from optional filters (offers, search). */
#define AG_SQL_TEXT_MAX (16u * 1024u)
/* A store's own code (Merchant Center store_code), characters. */
#define AG_STORE_CODE_MAX 64
/* Opening-hours intervals per store and week, and exceptions per PATCH. */
#define AG_HOURS_MAX 28
#define AG_HOURS_EXCEPTIONS_MAX 366
/* History rows read to find an offer's 30-day reference price. */
#define AG_HISTORY_SCAN_MAX 512
/* Offers listed for one product (GET /v1/products/{id}/offers). */
#define AG_PRODUCT_OFFERS_MAX 1000
/* Largest radius of a near= query, km. */
#define AG_NEAR_RADIUS_MAX_KM 200
/* Brand and category names remembered during one feed import. */
#define AG_PUBLISH_CACHE_MAX 4096
/* Feed lines decided and written together (publish_queue), and the most
 * ids reserved at once (store_reserve_ids): one batch's worth. */
#define AG_PUBLISH_BATCH 512
#define AG_RESERVE_IDS_MAX AG_PUBLISH_BATCH
/* Rows per multi-row statement of a batch (and keys per IN list). */
#define AG_PUBLISH_ROWS_MAX 64
/* Feeds: read buffer, longest record (one line, quoted breaks included),
 * most fields per line, most line errors listed in a report (all are
 * counted; real feeds with thousands of bad lines are listed whole, the
 * bound keeps a wrong file's report to a few MB), and Merchant Center's own
 * field limits. */
#define AG_FEED_READ_BUF (64u * 1024u)
#define AG_FEED_RECORD_MAX (256u * 1024u)
#define AG_FEED_FIELDS_MAX 256
#define AG_FEED_ERRORS_MAX 100000
#define AG_FEED_ID_MAX 50
#define AG_FEED_TITLE_MAX 150
#define AG_FEED_DESCRIPTION_MAX 5000
#define AG_FEED_BRAND_MAX 70
#define AG_FEED_MPN_MAX 70
#define AG_FEED_TYPE_MAX 750
/* Search: longest q (characters), most words used; a window of the
 * search order (src/catalog/search.c): the most text matches (the
 * shortest titles first) or products (without words, by id) checked
 * against the filters in one statement, and the most of those that pass
 * ranked together; the most windows one request walks to fill its page
 * (then it answers a short page with a cursor to the next window). */
#define AG_SEARCH_QUERY_MAX 200
#define AG_SEARCH_TERMS 8
#define AG_SEARCH_CANDIDATES 2000
#define AG_SEARCH_RANKED 500
#define AG_SEARCH_WINDOWS 4
/* Distinct zones cached by one process (tzdata has about 600). */
#define AG_TZ_ZONES_MAX 1024

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
