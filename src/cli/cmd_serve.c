/*
 * cmd_serve.c - `agora serve`: open the database, apply migrations, serve
 * HTTP until SIGTERM/SIGINT, close cleanly.  Never seeds data.
 *
 * A janitor thread prunes expired sessions, idempotency keys and rate-limit
 * windows once a minute.
 */
#include <pthread.h>
#include <stdio.h>

#include "cli/cli.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "http/dispatch.h"
#include "http/server.h"
#include "http/static_files.h"
#include "platform/idempotency.h"
#include "platform/ratelimit.h"
#include "platform/session.h"
#include "store/rcache.h"
#include "store/store.h"

static pthread_mutex_t janitor_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t janitor_wake = PTHREAD_COND_INITIALIZER;
static int janitor_stop;

static void janitor_sweep(const struct config *cfg)
{
    store_conn *db = store_conn_get();
    if (!db)
        return;
    int64_t now = time_now();
    if (store_begin(db, STORE_TX_WRITE) != STORE_OK)
        return;
    int rc = session_prune(db, now);
    if (rc == STORE_DONE)
        rc = idem_prune(db, now);
    if (rc == STORE_DONE)
        rc = ratelimit_prune(db, now, cfg->login_window * 2);
    if (rc == STORE_DONE)
        store_commit(db);
    else
        store_rollback(db);
    store_conn_release(db);
}

static void *janitor_main(void *arg)
{
    const struct config *cfg = arg;
    pthread_mutex_lock(&janitor_lock);
    while (!janitor_stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 60;
        pthread_cond_timedwait(&janitor_wake, &janitor_lock, &until);
        if (janitor_stop)
            break;
        pthread_mutex_unlock(&janitor_lock);
        janitor_sweep(cfg);
        pthread_mutex_lock(&janitor_lock);
    }
    pthread_mutex_unlock(&janitor_lock);
    return NULL;
}

int cmd_serve(int argc, char **argv, int first)
{
    struct config cfg;
    char *pos[1];
    int npos;
    int rc = settings_parse(&cfg, CMD_SERVE, NULL, 0, NULL,
                            "usage: agora serve [settings]\n\n"
                            "Serves the API under /v1 and the web UI at /. Applies pending "
                            "migrations first; never loads demo data (see agora seed).",
                            argc, argv, first, pos, 0, &npos);
    if (rc != 0)
        return CLI_PARSE_EXIT(rc);
    /* Before any thread exists, so that only server_run sees SIGTERM. */
    server_block_signals(NULL);
    if (cli_init(&cfg) != 0)
        return 1;
    if (log_access_open(cfg.access_log) != 0) {
        fprintf(stderr, "agora: cannot open access log %s\n", cfg.access_log);
        return 1;
    }
    if (static_init(cfg.web_dir) != 0) {
        fprintf(stderr, "agora: --web-dir %s is not a readable folder\n", cfg.web_dir);
        return 1;
    }
    if (cli_open_store(&cfg) != 0)
        return 1;
    /* The read cache needs every writer's writes to bump its epoch: true
     * for SQLite served by this one process; with PostgreSQL the listening
     * thread turns it on while it hears the other instances (store.h). */
    rcache_enable(store_engine() == STORE_SQLITE);
    struct store_options wopt = {.busy_timeout_ms = (int)cfg.busy_timeout_ms};
    if (store_watch_start(cfg.db, &wopt) != 0)
        log_warn("cannot start listening for other instances' writes; read cache off", NULL);
    struct dispatch_config dcfg = {.idempotency_ttl = cfg.idempotency_ttl};
    dispatch_configure(&dcfg);
    struct server_config scfg = {
        .listen = cfg.listen,
        .port_file = cfg.port_file,
        .threads = (int)cfg.threads,
        .json_body_max = (size_t)cfg.json_body_max,
        .upload_body_max = (uint64_t)cfg.upload_body_max,
        .tmp_dir = cfg.tmp_dir,
        .trusted_proxies = cfg.trusted_proxies,
        .shutdown_grace = (int)cfg.shutdown_grace,
        .db_retry_after = (int)cfg.db_retry_after,
    };
    pthread_t janitor;
    int have_janitor = pthread_create(&janitor, NULL, janitor_main, &cfg) == 0;
    rc = server_run(&scfg);
    if (have_janitor) {
        pthread_mutex_lock(&janitor_lock);
        janitor_stop = 1;
        pthread_cond_signal(&janitor_wake);
        pthread_mutex_unlock(&janitor_lock);
        pthread_join(janitor, NULL);
    }
    store_close();
    log_close();
    return rc == 0 ? 0 : 1;
}
