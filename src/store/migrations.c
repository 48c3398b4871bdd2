/*
 * migrations.c - the schema, as an append-only list of migrations.
 *
 * Never edit a migration that has shipped: add a new one.  Write portable
 * SQL (BIGINT, TEXT, INTEGER 0/1 for booleans, DOUBLE PRECISION; "{{pk}}"
 * for an auto-increment key) and put engine-specific parts in the .sqlite /
 * .postgres members, side by side so that differences stay reviewable.
 * Times are BIGINT seconds since the epoch, UTC, passed in by the code.
 */
#include "store/migrate.h"

/* The full-text key of products row T (migration 5): the number of
 * spaces in its title times 2^32, plus its id.  Its low 32 bits are the
 * product id (search.c reads it as rowid % 4294967296). */
#define MIGRATION_FTS_KEY(t)                                                                       \
    "((length(" t ".title) - length(replace(" t ".title, ' ', ''))) * 4294967296 + " t ".id)"

/* One word of search's match expression folded by agora_fold,
 * ("word" or "word"*), as a PostgreSQL regular expression whose group 1
 * is the word (migration 6). */
#define SEARCH_GROUP "'\\(\"([^\"]+)\" or \"[^\"]+\"\\*\\)'"

const struct store_migration store_migrations[] = {
    {
        .version = 1,
        .name = "accounts, sessions, idempotency keys, rate limits",
        .breaking = true,
        .sql = "CREATE TABLE accounts ("
               "  id {{pk}},"
               "  email TEXT NOT NULL UNIQUE,"
               "  password_hash TEXT NOT NULL,"
               "  display_name TEXT NOT NULL DEFAULT '',"
               "  role TEXT NOT NULL CHECK (role IN ('shopper', 'staff', 'admin')),"
               "  retailer_id BIGINT,"
               "  disabled INTEGER NOT NULL DEFAULT 0,"
               "  created_at BIGINT NOT NULL,"
               "  updated_at BIGINT NOT NULL"
               ");"
               "CREATE TABLE sessions ("
               "  id {{pk}},"
               "  token_hash TEXT NOT NULL UNIQUE,"
               "  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
               "  created_at BIGINT NOT NULL,"
               "  expires_at BIGINT NOT NULL,"
               "  revoked_at BIGINT"
               ");"
               "CREATE INDEX sessions_account ON sessions (account_id);"
               "CREATE TABLE idempotency_keys ("
               "  scope TEXT NOT NULL,"
               "  method TEXT NOT NULL,"
               "  path TEXT NOT NULL,"
               "  idem_key TEXT NOT NULL,"
               "  request_hash TEXT NOT NULL,"
               "  state TEXT NOT NULL CHECK (state IN ('running', 'done')),"
               "  status INTEGER,"
               "  content_type TEXT,"
               "  body TEXT,"
               "  location TEXT,"
               "  created_at BIGINT NOT NULL,"
               "  expires_at BIGINT NOT NULL,"
               "  PRIMARY KEY (scope, method, path, idem_key)"
               ");"
               "CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);"
               "CREATE TABLE rate_limits ("
               "  bucket TEXT PRIMARY KEY,"
               "  window_start BIGINT NOT NULL,"
               "  hits BIGINT NOT NULL"
               ");",
    },
    {
        /* The catalog.  A product is global, keyed by its GTIN-14; each
         * retailer's listing (retailer, item id) points at it with the
         * retailer's own text; an item without GTIN is a product local to
         * its retailer (local_retailer_id).  Offers denormalise retailer
         * and product from the listing for fast comparison queries; an
         * offer with store_id NULL is the online offer.  Money is integer
         * minor units with its currency; opening hours are minutes after
         * local midnight in the store's IANA time zone. */
        .version = 2,
        .name = "catalog: retailers, brands, categories, stores, products, listings, offers",
        .breaking = true,
        .sql = "CREATE TABLE retailers ("
               "  id {{pk}},"
               "  name TEXT NOT NULL,"
               "  slug TEXT NOT NULL UNIQUE,"
               "  kind TEXT NOT NULL DEFAULT 'other',"
               "  website TEXT,"
               "  created_at BIGINT NOT NULL,"
               "  updated_at BIGINT NOT NULL"
               ");"
               "CREATE TABLE brands ("
               "  id {{pk}},"
               "  name TEXT NOT NULL,"
               "  slug TEXT NOT NULL UNIQUE,"
               "  created_at BIGINT NOT NULL"
               ");"
               "CREATE TABLE categories ("
               "  id {{pk}},"
               "  parent_id BIGINT REFERENCES categories (id),"
               "  name TEXT NOT NULL,"
               "  slug TEXT NOT NULL UNIQUE,"
               "  google_category_id BIGINT,"
               "  created_at BIGINT NOT NULL"
               ");"
               "CREATE INDEX categories_parent ON categories (parent_id);"
               "CREATE TABLE stores ("
               "  id {{pk}},"
               "  retailer_id BIGINT NOT NULL REFERENCES retailers (id),"
               "  code TEXT NOT NULL,"
               "  name TEXT NOT NULL,"
               "  address TEXT NOT NULL DEFAULT '',"
               "  city TEXT NOT NULL DEFAULT '',"
               "  postal_code TEXT NOT NULL DEFAULT '',"
               "  country TEXT NOT NULL DEFAULT '',"
               "  latitude DOUBLE PRECISION,"
               "  longitude DOUBLE PRECISION,"
               "  time_zone TEXT NOT NULL,"
               "  phone TEXT,"
               "  created_at BIGINT NOT NULL,"
               "  updated_at BIGINT NOT NULL,"
               "  UNIQUE (retailer_id, code)"
               ");"
               "CREATE INDEX stores_latitude ON stores (latitude);"
               "CREATE TABLE store_hours ("
               "  store_id BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,"
               "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
               "  opens INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1439),"
               "  closes INTEGER NOT NULL CHECK (closes > opens AND closes <= 2880),"
               "  PRIMARY KEY (store_id, weekday, opens)"
               ");"
               "CREATE TABLE store_hours_exceptions ("
               "  store_id BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,"
               "  day TEXT NOT NULL,"
               "  opens INTEGER NOT NULL DEFAULT -1,"
               "  closes INTEGER NOT NULL DEFAULT -1,"
               "  note TEXT NOT NULL DEFAULT '',"
               "  PRIMARY KEY (store_id, day, opens)"
               ");"
               "CREATE TABLE products ("
               "  id {{pk}},"
               "  gtin TEXT UNIQUE,"
               "  local_retailer_id BIGINT REFERENCES retailers (id),"
               "  title TEXT NOT NULL,"
               "  description TEXT NOT NULL DEFAULT '',"
               "  brand_id BIGINT REFERENCES brands (id),"
               "  category_id BIGINT REFERENCES categories (id),"
               "  image_url TEXT,"
               "  attributes TEXT NOT NULL DEFAULT '{}',"
               "  content_locked INTEGER NOT NULL DEFAULT 0,"
               "  created_at BIGINT NOT NULL,"
               "  updated_at BIGINT NOT NULL,"
               "  CHECK ((gtin IS NULL) <> (local_retailer_id IS NULL))"
               ");"
               "CREATE INDEX products_brand ON products (brand_id);"
               "CREATE INDEX products_category ON products (category_id);"
               "CREATE TABLE listings ("
               "  id {{pk}},"
               "  retailer_id BIGINT NOT NULL REFERENCES retailers (id),"
               "  item_id TEXT NOT NULL,"
               "  product_id BIGINT NOT NULL REFERENCES products (id),"
               "  title TEXT NOT NULL,"
               "  description TEXT NOT NULL DEFAULT '',"
               "  link TEXT,"
               "  image_link TEXT,"
               "  mpn TEXT,"
               "  product_type TEXT,"
               "  google_product_category TEXT,"
               "  created_at BIGINT NOT NULL,"
               "  updated_at BIGINT NOT NULL,"
               "  UNIQUE (retailer_id, item_id)"
               ");"
               "CREATE INDEX listings_product ON listings (product_id);"
               "CREATE TABLE offers ("
               "  id {{pk}},"
               "  listing_id BIGINT NOT NULL REFERENCES listings (id),"
               "  retailer_id BIGINT NOT NULL REFERENCES retailers (id),"
               "  product_id BIGINT NOT NULL REFERENCES products (id),"
               "  store_id BIGINT REFERENCES stores (id),"
               "  currency TEXT NOT NULL,"
               "  price BIGINT NOT NULL CHECK (price >= 0),"
               "  sale_price BIGINT CHECK (sale_price >= 0),"
               "  sale_start BIGINT,"
               "  sale_end BIGINT,"
               "  unit_measure DOUBLE PRECISION,"
               "  unit_measure_unit TEXT,"
               "  unit_base DOUBLE PRECISION,"
               "  unit_base_unit TEXT,"
               "  availability TEXT NOT NULL DEFAULT 'in_stock',"
               "  updated_at BIGINT NOT NULL,"
               "  CHECK (sale_start IS NULL OR sale_end IS NULL OR sale_end > sale_start)"
               ");"
               "CREATE UNIQUE INDEX offers_listing_store ON offers (listing_id, store_id) "
               "  WHERE store_id IS NOT NULL;"
               "CREATE UNIQUE INDEX offers_listing_online ON offers (listing_id) "
               "  WHERE store_id IS NULL;"
               "CREATE INDEX offers_product ON offers (product_id);"
               "CREATE INDEX offers_store ON offers (store_id);"
               "CREATE INDEX offers_retailer ON offers (retailer_id);"
               "CREATE TABLE price_history ("
               "  id {{pk}},"
               "  offer_id BIGINT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,"
               "  recorded_at BIGINT NOT NULL,"
               "  currency TEXT NOT NULL,"
               "  price BIGINT NOT NULL,"
               "  sale_price BIGINT,"
               "  sale_start BIGINT,"
               "  sale_end BIGINT"
               ");"
               "CREATE INDEX price_history_offer ON price_history (offer_id, recorded_at);",
    },
    {
        /* Catalog, continued.  Offers gain what the price rules and feeds
         * need: sale_since (when the current sale price began: its start,
         * or when it was first seen), ref_price (the lowest price applied
         * in the 30 days before that, from price_history: the EU reference
         * for a reduction) and reduction_bp (the real reduction in basis
         * points, 0 when none), and feed_seen (the last feed import that
         * listed the offer, for full-snapshot feeds).  feed_imports keeps
         * one row per accepted import.  Product search: an FTS5 table kept
         * in step with products by triggers on SQLite; on PostgreSQL a
         * function of the same name and shape over a GIN index, so that
         * domain code runs the same query text on both. */
        .version = 3,
        .name = "catalog: reference prices, feed imports, product search",
        .breaking = false,
        .sql = "ALTER TABLE offers ADD COLUMN sale_since BIGINT;"
               "ALTER TABLE offers ADD COLUMN ref_price BIGINT;"
               "ALTER TABLE offers ADD COLUMN reduction_bp BIGINT NOT NULL DEFAULT 0;"
               "ALTER TABLE offers ADD COLUMN feed_seen BIGINT;"
               /* Wider indexes replace narrower ones of migration 2: each
                * index costs every offer written by a feed. */
               "CREATE INDEX offers_store_reduction ON offers (store_id, reduction_bp);"
               "DROP INDEX offers_store;"
               "CREATE INDEX offers_retailer_store ON offers (retailer_id, store_id);"
               "DROP INDEX offers_retailer;"
               "CREATE INDEX stores_lat_lon ON stores (latitude, longitude);"
               "DROP INDEX stores_latitude;"
               "CREATE INDEX stores_retailer ON stores (retailer_id);"
               /* While a row is here (inside a feed import's transaction),
                * new products are indexed for search in one pass when it is
                * deleted, not one by one (SQLite: 4x faster). */
               "CREATE TABLE search_defer ("
               "  flag INTEGER PRIMARY KEY,"
               "  from_id BIGINT NOT NULL"
               ");"
               "CREATE TABLE feed_imports ("
               "  id {{pk}},"
               "  retailer_id BIGINT NOT NULL REFERENCES retailers (id),"
               "  account_id BIGINT,"
               "  kind TEXT NOT NULL,"
               "  mode TEXT NOT NULL,"
               "  started_at BIGINT NOT NULL,"
               "  finished_at BIGINT,"
               "  lines BIGINT NOT NULL DEFAULT 0,"
               "  imported BIGINT NOT NULL DEFAULT 0,"
               "  bad BIGINT NOT NULL DEFAULT 0,"
               "  created BIGINT NOT NULL DEFAULT 0,"
               "  updated BIGINT NOT NULL DEFAULT 0,"
               "  unchanged BIGINT NOT NULL DEFAULT 0,"
               "  out_of_stock BIGINT NOT NULL DEFAULT 0"
               ");"
               "CREATE INDEX feed_imports_retailer ON feed_imports (retailer_id, id);",
        .sqlite = "CREATE VIRTUAL TABLE product_fts USING fts5(title, brand, "
                  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '3');"
                  "CREATE TRIGGER products_fts_insert AFTER INSERT ON products "
                  "WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN"
                  "  INSERT INTO product_fts (rowid, title, brand) VALUES (new.id, new.title,"
                  "    COALESCE((SELECT name FROM brands WHERE id = new.brand_id), ''));"
                  "END;"
                  "CREATE TRIGGER products_fts_update AFTER UPDATE OF title, brand_id ON products "
                  "BEGIN"
                  "  DELETE FROM product_fts WHERE rowid = old.id;"
                  "  INSERT INTO product_fts (rowid, title, brand) VALUES (new.id, new.title,"
                  "    COALESCE((SELECT name FROM brands WHERE id = new.brand_id), ''));"
                  "END;"
                  "CREATE TRIGGER search_defer_flush AFTER DELETE ON search_defer BEGIN"
                  "  INSERT INTO product_fts (rowid, title, brand) SELECT p.id, p.title,"
                  "    COALESCE(b.name, '') FROM products p LEFT JOIN brands b ON b.id = p.brand_id"
                  "    WHERE p.id > old.from_id AND NOT EXISTS (SELECT 1 FROM product_fts f"
                  "      WHERE f.rowid = p.id);"
                  "END;"
                  "CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN"
                  "  DELETE FROM product_fts WHERE rowid = old.id;"
                  "END;"
                  "INSERT INTO product_fts (rowid, title, brand) SELECT p.id, p.title, "
                  "  COALESCE(b.name, '') FROM products p LEFT JOIN brands b ON b.id = p.brand_id;",
        /* PostgreSQL: the query text "\"word\"* \"other\"*" that search
         * builds becomes the tsquery 'word:* & other:*' over a tsvector of
         * title and brand; ranks are negated ts_rank (lower is better, as
         * FTS5's bm25). */
        .postgres =
            "CREATE FUNCTION agora_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$"
            "  SELECT lower(translate(t,"
            "    'ÀÁÂÃÄÅàáâãäåČčĆćĐđŠšŽžÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÕÖØóòôõöøÚÙÛÜúùûüÑñÇçÝýÿŁłŘřŇňŤťĎďŮů',"
            "    'AAAAAAaaaaaaCcCcDdSsZzEEEEeeeeIIIIiiiiOOOOOOooooooUUUUuuuuNnCcYyyLlRrNnTtDdUu'))"
            "$$;"
            /* The searchable text (title and brand), kept by a trigger. */
            "ALTER TABLE products ADD COLUMN search_doc tsvector;"
            "CREATE FUNCTION products_search_doc() RETURNS trigger LANGUAGE plpgsql AS $$"
            "BEGIN"
            "  NEW.search_doc := to_tsvector('simple', agora_fold(NEW.title || ' ' ||"
            "    COALESCE((SELECT name FROM brands WHERE id = NEW.brand_id), '')));"
            "  RETURN NEW;"
            "END $$;"
            "CREATE TRIGGER products_search_doc BEFORE INSERT OR UPDATE OF title, brand_id "
            "  ON products FOR EACH ROW EXECUTE FUNCTION products_search_doc();"
            "UPDATE products SET title = title;"
            "CREATE INDEX products_search ON products USING gin (search_doc);"
            "CREATE FUNCTION product_fts(q text) "
            "RETURNS TABLE (rowid bigint, rank double precision) LANGUAGE sql STABLE AS $$"
            "  SELECT p.id, -ts_rank(p.search_doc, x.query)::float8"
            "  FROM products p, (SELECT to_tsquery('simple', replace(regexp_replace("
            "    agora_fold(q), '\"([^\"]+)\"\\*', '\\1:*', 'g'), ' ', ' & ')) AS query) x"
            "  WHERE p.search_doc @@ x.query"
            "$$;",
    },
    {
        /* People and relationships.  A profile row holds the coarse home
         * (already rounded to the grid of src/people/area.c: the precise
         * point is never stored) and the privacy settings.  Interests and
         * follows are one table each with one nullable reference column
         * per kind of target, so that every reference is a real foreign
         * key and lists page by one id.  A friendship is stored in both
         * directions (two rows written together) so that "my friends" and
         * "are A and B friends" are each one index look-up.  Friend
         * requests live while pending, or declined (kept for the re-ask
         * cool-off).  An erased account stays as a tombstone row
         * (erased_at set, personal data removed) so that content other
         * people rely on keeps its author reference. */
        .version = 4,
        .name = "people: profiles, interests, consents, friend requests, friendships, follows",
        .breaking = false,
        .sql = "ALTER TABLE accounts ADD COLUMN erased_at BIGINT;"
               "CREATE TABLE profiles ("
               "  account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,"
               "  home_lat DOUBLE PRECISION,"
               "  home_lon DOUBLE PRECISION,"
               "  activity_visibility TEXT NOT NULL DEFAULT 'friends'"
               "    CHECK (activity_visibility IN ('friends', 'nobody')),"
               "  area_visibility TEXT NOT NULL DEFAULT 'friends'"
               "    CHECK (area_visibility IN ('everyone', 'friends', 'nobody')),"
               "  updated_at BIGINT NOT NULL,"
               "  CHECK ((home_lat IS NULL) = (home_lon IS NULL))"
               ");"
               "CREATE TABLE interests ("
               "  id {{pk}},"
               "  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
               "  category_id BIGINT REFERENCES categories (id) ON DELETE CASCADE,"
               "  brand_id BIGINT REFERENCES brands (id) ON DELETE CASCADE,"
               "  tag TEXT,"
               "  created_at BIGINT NOT NULL,"
               "  CHECK (CASE WHEN category_id IS NULL THEN 0 ELSE 1 END"
               "       + CASE WHEN brand_id IS NULL THEN 0 ELSE 1 END"
               "       + CASE WHEN tag IS NULL THEN 0 ELSE 1 END = 1),"
               "  UNIQUE (account_id, category_id),"
               "  UNIQUE (account_id, brand_id),"
               "  UNIQUE (account_id, tag)"
               ");"
               "CREATE INDEX interests_category ON interests (category_id);"
               "CREATE INDEX interests_brand ON interests (brand_id);"
               "CREATE TABLE consents ("
               "  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
               "  purpose TEXT NOT NULL,"
               "  granted INTEGER NOT NULL CHECK (granted IN (0, 1)),"
               "  changed_at BIGINT NOT NULL,"
               "  PRIMARY KEY (account_id, purpose)"
               ");"
               "CREATE TABLE consent_history ("
               "  id {{pk}},"
               "  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
               "  purpose TEXT NOT NULL,"
               "  granted INTEGER NOT NULL CHECK (granted IN (0, 1)),"
               "  changed_at BIGINT NOT NULL"
               ");"
               "CREATE INDEX consent_history_account ON consent_history (account_id, purpose, id);"
               "CREATE TABLE friend_requests ("
               "  id {{pk}},"
               "  from_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
               "  to_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
               "  state TEXT NOT NULL CHECK (state IN ('pending', 'declined')),"
               "  created_at BIGINT NOT NULL,"
               "  decided_at BIGINT,"
               "  CHECK (from_id <> to_id),"
               "  UNIQUE (from_id, to_id)"
               ");"
               "CREATE INDEX friend_requests_to ON friend_requests (to_id, id);"
               "CREATE TABLE friendships ("
               "  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
               "  friend_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
               "  since BIGINT NOT NULL,"
               "  PRIMARY KEY (account_id, friend_id),"
               "  CHECK (account_id <> friend_id)"
               ");"
               "CREATE INDEX friendships_since ON friendships (account_id, since, friend_id);"
               "CREATE TABLE follows ("
               "  id {{pk}},"
               "  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
               "  retailer_id BIGINT REFERENCES retailers (id) ON DELETE CASCADE,"
               "  brand_id BIGINT REFERENCES brands (id) ON DELETE CASCADE,"
               "  created_at BIGINT NOT NULL,"
               "  CHECK ((retailer_id IS NULL) <> (brand_id IS NULL)),"
               "  UNIQUE (account_id, retailer_id),"
               "  UNIQUE (account_id, brand_id)"
               ");"
               "CREATE INDEX follows_account ON follows (account_id, id);"
               "CREATE INDEX follows_retailer ON follows (retailer_id);"
               "CREATE INDEX follows_brand ON follows (brand_id);",
    },
    {
        /* Search: the full-text row of a product is keyed by its title's
         * length, then its id (MIGRATION_FTS_KEY: spaces in the title times
         * 2^32, plus the id; ids stay below 2^32).  A full-text index walks
         * its matches in key order, so the first matches of a word are its
         * shortest titles, the ones BM25 ranks first; search ranks only
         * that bounded set for a very common word instead of every match
         * (src/catalog/search.c).  Prefix indexes for 3 to 6 letters: a
         * common 4-letter prefix is one list to read, not a merge of every
         * word it begins.  Two offers indexes by product, by price and (for
         * offers on sale) by sale price, hold what the search filters and
         * the best-offer choice read: a price filter is two index ranges
         * per product, never a read of its offer rows.  Breaking: older
         * binaries read the key as the product id. */
        .version = 5,
        .name = "search: full-text rows keyed by title length, offers index covering filters",
        .breaking = true,
        .sql = "CREATE INDEX offers_product_price ON offers (product_id, currency, price, "
               "  sale_price, sale_start, sale_end, availability, store_id);"
               "DROP INDEX offers_product;"
               "CREATE INDEX offers_product_sale ON offers (product_id, currency, sale_price, "
               "  price, sale_start, sale_end, availability, store_id) "
               "  WHERE sale_price IS NOT NULL;",
        .sqlite = "DROP TRIGGER products_fts_insert;"
                  "DROP TRIGGER products_fts_update;"
                  "DROP TRIGGER search_defer_flush;"
                  "DROP TRIGGER products_fts_delete;"
                  "DROP TABLE product_fts;"
                  "CREATE VIRTUAL TABLE product_fts USING fts5(title, brand, "
                  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '3,4,5,6');"
                  "CREATE TRIGGER products_fts_insert AFTER INSERT ON products "
                  "WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN"
                  "  INSERT INTO product_fts (rowid, title, brand) VALUES (" MIGRATION_FTS_KEY("new")
                  ",    new.title, COALESCE((SELECT name FROM brands WHERE id = new.brand_id), ''));"
                  "END;"
                  "CREATE TRIGGER products_fts_update AFTER UPDATE OF title, brand_id ON products "
                  "BEGIN"
                  "  DELETE FROM product_fts WHERE rowid = " MIGRATION_FTS_KEY("old") ";"
                  "  INSERT INTO product_fts (rowid, title, brand) VALUES (" MIGRATION_FTS_KEY("new")
                  ",    new.title, COALESCE((SELECT name FROM brands WHERE id = new.brand_id), ''));"
                  "END;"
                  "CREATE TRIGGER search_defer_flush AFTER DELETE ON search_defer BEGIN"
                  "  INSERT INTO product_fts (rowid, title, brand) SELECT " MIGRATION_FTS_KEY("p")
                  ",    p.title, COALESCE(b.name, '') FROM products p"
                  "    LEFT JOIN brands b ON b.id = p.brand_id"
                  "    WHERE p.id > old.from_id AND NOT EXISTS (SELECT 1 FROM product_fts f"
                  "      WHERE f.rowid = " MIGRATION_FTS_KEY("p") ");"
                  "END;"
                  "CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN"
                  "  DELETE FROM product_fts WHERE rowid = " MIGRATION_FTS_KEY("old") ";"
                  "END;"
                  "INSERT INTO product_fts (rowid, title, brand) SELECT " MIGRATION_FTS_KEY("p")
                  ",  p.title, COALESCE(b.name, '') FROM products p"
                  "  LEFT JOIN brands b ON b.id = p.brand_id;",
        .postgres =
            "CREATE OR REPLACE FUNCTION product_fts(q text) "
            "RETURNS TABLE (rowid bigint, rank double precision) LANGUAGE sql STABLE AS $$"
            "  SELECT " MIGRATION_FTS_KEY("p") ", -ts_rank(p.search_doc, x.query)::float8"
            "  FROM products p, (SELECT to_tsquery('simple', replace(regexp_replace("
            "    agora_fold(q), '\"([^\"]+)\"\\*', '\\1:*', 'g'), ' ', ' & ')) AS query) x"
            "  WHERE p.search_doc @@ x.query"
            "$$;",
    },
    {
        /* Search: a word found whole outranks one it only begins.  The
         * match expression of search (src/catalog/search.c) became
         * ("word" OR "word"*) AND ("other" OR "other"*): FTS5 reads it as
         * is, and BM25 counts the whole word as a rarer term of its own.
         * PostgreSQL's ts_rank would count word and word:* as one lexeme,
         * so product_fts matches word:* & other:* as before and adds to
         * the rank the rank of the whole words, word | other
         * (agora_match(q, whole)).  The earlier text "word"* "other"* still
         * matches (without whole words), so an older binary of a rolling
         * upgrade keeps searching.  Words are letters, digits and
         * non-ASCII bytes only: no quote, space or parenthesis inside one.
         * The tsqueries are scalar subqueries, computed once a statement:
         * in a generic plan (a statement prepared and run more than five
         * times) a subquery in FROM was flattened into the rank, which
         * then rewrote the text for every row ranked. */
        .version = 6,
        .name = "search: whole words outrank prefixes (PostgreSQL rank)",
        .breaking = false,
        .sql = "", /* SQLite's FTS5 reads the new expression as it is */
        .postgres =
            "CREATE FUNCTION agora_match(q text, whole boolean) RETURNS tsquery "
            "LANGUAGE sql IMMUTABLE AS $$"
            "  SELECT CASE WHEN NOT whole THEN to_tsquery('simple', replace(replace("
            "      regexp_replace(regexp_replace(y.f, " SEARCH_GROUP ", '\"\\1\"*', 'g'),"
            "      '\"([^\"]+)\"\\*', '\\1:*', 'g'), ' and ', ' '), ' ', ' & '))"
            "    WHEN left(y.f, 1) = '(' THEN to_tsquery('simple', replace("
            "      regexp_replace(y.f, " SEARCH_GROUP ", '\\1', 'g'), ' and ', ' | '))"
            "    END"
            "  FROM (SELECT agora_fold(q) AS f) y"
            "$$;"
            "CREATE OR REPLACE FUNCTION product_fts(q text) "
            "RETURNS TABLE (rowid bigint, rank double precision) LANGUAGE sql STABLE AS $$"
            "  SELECT " MIGRATION_FTS_KEY("p") ","
            "    -(ts_rank(p.search_doc, (SELECT agora_match(q, false))) +"
            "      COALESCE(ts_rank(p.search_doc, (SELECT agora_match(q, true))), 0))::float8"
            "  FROM products p WHERE p.search_doc @@ (SELECT agora_match(q, false))"
            "$$;",
    },
};

const size_t store_migrations_count = sizeof store_migrations / sizeof store_migrations[0];
