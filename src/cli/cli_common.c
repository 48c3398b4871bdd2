/*
 * cli_common.c - start-up shared by the subcommands (see cli.h).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/log.h"
#include "core/secret.h"
#include "core/timeutil.h"
#include "json/js.h"
#include "store/migrate.h"
#include "store/store.h"

int cli_init(const struct config *cfg)
{
    settings_current = cfg;
    int level = log_level_parse(cfg->log);
    if (level < 0) {
        fprintf(stderr, "agora: --log must be debug, info, warn or error, not '%s'\n", cfg->log);
        return -1;
    }
    log_set_level((enum log_level)level);
    if (log_open(cfg->log_file) != 0) {
        fprintf(stderr, "agora: cannot open log file %s\n", cfg->log_file);
        return -1;
    }
    if (secret_init() != 0) {
        fprintf(stderr, "agora: cannot initialise libsodium\n");
        return -1;
    }
    js_init();
    if (cfg->password_cost && secret_set_password_cost(cfg->password_cost) != 0) {
        fprintf(stderr, "agora: --password-cost must be interactive, moderate or min\n");
        return -1;
    }
    time_set_offset(cfg->time_offset);
    return 0;
}

int cli_open_store(const struct config *cfg)
{
    char err[512];
    struct store_options opt = {.busy_timeout_ms = (int)cfg->busy_timeout_ms};
    if (store_open(cfg->db, &opt, err, sizeof err) != 0) {
        fprintf(stderr, "agora: %s\n", err);
        return -1;
    }
    int applied = 0;
    if (migrate_apply(store_conn_get(), &applied, err, sizeof err) != 0) {
        fprintf(stderr, "agora: %s\n", err);
        store_close();
        return -1;
    }
    /* From here on this process's writes reach the other instances'
     * caches (PostgreSQL; nothing to do on SQLite). */
    store_epoch_start();
    return 0;
}
