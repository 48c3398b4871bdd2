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
};

const size_t store_migrations_count = sizeof store_migrations / sizeof store_migrations[0];
