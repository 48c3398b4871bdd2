/*
 * settings.c - the settings table and the one parser for flags, environment
 * variables and defaults (see settings.h).
 */
#include "core/settings.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/text.h"

const struct config *settings_current;

#define CFG(field) offsetof(struct config, field)
#define S_SERVE_UP (CMD_SERVE | CMD_MIGRATE | CMD_SEED | CMD_BACKUP | CMD_USER | CMD_IMPORT)

/* The settings.  Keep sorted by topic; every row is documented by
 * `agora settings --markdown` into docs/configuration.md. */
static const struct setting_def settings_table[] = {
    {"db", "AGORA_DB", SET_STR, CFG(db), "agora.db", 0, 0, S_SERVE_UP,
     "Database: a SQLite file path, or a postgres:// URL"},
    {"listen", "AGORA_LISTEN", SET_STR, CFG(listen), "127.0.0.1:8080", 0, 0, CMD_SERVE,
     "Address and port to serve on; port 0 picks a free port"},
    {"port-file", "AGORA_PORT_FILE", SET_STR, CFG(port_file), "", 0, 0, CMD_SERVE,
     "Write the bound port to this file once listening (for tests)"},
    {"web-dir", "AGORA_WEB_DIR", SET_STR, CFG(web_dir), "", 0, 0, CMD_SERVE,
     "Serve the web UI from this folder instead of the copy built into the binary"},
    {"threads", "AGORA_THREADS", SET_INT, CFG(threads), "0", 0, 256, CMD_SERVE,
     "HTTP worker threads; 0 means one per CPU core"},
    {"log", "AGORA_LOG", SET_STR, CFG(log), "info", 0, 0, CMD_ALL,
     "Log level: debug, info, warn or error"},
    {"log-file", "AGORA_LOG_FILE", SET_STR, CFG(log_file), "stderr", 0, 0, CMD_ALL,
     "Application log destination: stderr or a file path"},
    {"access-log", "AGORA_ACCESS_LOG", SET_STR, CFG(access_log), "stderr", 0, 0, CMD_SERVE,
     "Access log destination: stderr, stdout, a file path, or off"},
    {"json-body-max", "AGORA_JSON_BODY_MAX", SET_INT, CFG(json_body_max), "1048576", 1024,
     64 * 1024 * 1024, CMD_SERVE, "Default body limit of JSON routes, in bytes"},
    {"upload-body-max", "AGORA_UPLOAD_BODY_MAX", SET_INT, CFG(upload_body_max), "268435456",
     1024, (int64_t)AG_BUF_HARD_MAX * 8, CMD_SERVE, "Body limit of upload routes (feeds), in bytes"},
    {"tmp-dir", "AGORA_TMP_DIR", SET_STR, CFG(tmp_dir), "/tmp", 0, 0, CMD_SERVE | CMD_IMPORT,
     "Folder for streamed uploads"},
    {"trusted-proxies", "AGORA_TRUSTED_PROXIES", SET_STR, CFG(trusted_proxies), "", 0, 0,
     CMD_SERVE,
     "Comma-separated proxy addresses whose X-Forwarded-For gives the client address"},
    {"session-ttl", "AGORA_SESSION_TTL", SET_INT, CFG(session_ttl), "2592000", 60,
     366 * 86400, CMD_SERVE, "Lifetime of a login session, in seconds"},
    {"idempotency-ttl", "AGORA_IDEMPOTENCY_TTL", SET_INT, CFG(idempotency_ttl), "86400", 60,
     30 * 86400, CMD_SERVE, "How long an Idempotency-Key is remembered, in seconds"},
    {"login-window", "AGORA_LOGIN_WINDOW", SET_INT, CFG(login_window), "900", 1, 86400,
     CMD_SERVE, "Window of the login rate limits, in seconds"},
    {"login-max-per-account", "AGORA_LOGIN_MAX_PER_ACCOUNT", SET_INT,
     CFG(login_max_per_account), "10", 1, 1000000, CMD_SERVE,
     "Failed logins allowed per account in one window"},
    {"login-max-per-address", "AGORA_LOGIN_MAX_PER_ADDRESS", SET_INT,
     CFG(login_max_per_address), "50", 1, 1000000, CMD_SERVE,
     "Login attempts allowed per client address in one window"},
    {"password-cost", "AGORA_PASSWORD_COST", SET_STR, CFG(password_cost), "interactive", 0, 0,
     CMD_SERVE | CMD_SEED | CMD_USER,
     "argon2id cost for new hashes: interactive, moderate, or min (tests only)"},
    {"busy-timeout", "AGORA_BUSY_TIMEOUT", SET_INT, CFG(busy_timeout_ms), "5000", 0, 600000,
     S_SERVE_UP, "SQLite busy timeout, in milliseconds"},
    {"db-retry-after", "AGORA_DB_RETRY_AFTER", SET_INT, CFG(db_retry_after), "2", 1, 3600,
     CMD_SERVE, "Retry-After seconds sent with 503 while the database is unreachable"},
    {"shutdown-grace", "AGORA_SHUTDOWN_GRACE", SET_INT, CFG(shutdown_grace), "10", 0, 3600,
     CMD_SERVE, "Seconds in-flight requests get to finish on SIGTERM/SIGINT"},
    {"time-offset", "AGORA_TIME_OFFSET", SET_INT, CFG(time_offset), "0", -((int64_t)1 << 40),
     (int64_t)1 << 40, CMD_SERVE | CMD_IMPORT,
     "Seconds added to the clock (tests of expiry and price history only; never in production)"},
};

#define NSETTINGS (sizeof settings_table / sizeof settings_table[0])

/* Stores text into the field of def in target; returns 0 or -1. */
static int settings_store(const struct setting_def *def, void *target, const char *text,
                          const char *from)
{
    char *field = (char *)target + def->offset;
    switch (def->type) {
    case SET_STR:
        *(const char **)(void *)field = text;
        return 0;
    case SET_INT: {
        int64_t v;
        if (text_parse_i64(text, strlen(text), &v) != 0 || v < def->min || v > def->max) {
            fprintf(stderr, "agora: %s: --%s must be an integer from %lld to %lld, not '%s'\n",
                    from, def->name, (long long)def->min, (long long)def->max, text);
            return -1;
        }
        *(int64_t *)(void *)field = v;
        return 0;
    }
    case SET_BOOL:
        if (strcmp(text, "1") == 0 || strcmp(text, "true") == 0 || strcmp(text, "yes") == 0) {
            *(int *)(void *)field = 1;
        } else if (strcmp(text, "0") == 0 || strcmp(text, "false") == 0 ||
                   strcmp(text, "no") == 0 || text[0] == '\0') {
            *(int *)(void *)field = 0;
        } else {
            fprintf(stderr, "agora: %s: --%s must be true or false, not '%s'\n", from,
                    def->name, text);
            return -1;
        }
        return 0;
    }
    return -1;
}

static const struct setting_def *settings_find(const struct setting_def *defs, size_t n,
                                               unsigned cmd_mask, const char *name,
                                               size_t namelen)
{
    for (size_t i = 0; i < n; i++)
        if ((defs[i].cmds & cmd_mask) && strlen(defs[i].name) == namelen &&
            strncmp(defs[i].name, name, namelen) == 0)
            return &defs[i];
    return NULL;
}

/* Applies defaults then environment variables of one table. */
static int settings_apply_base(const struct setting_def *defs, size_t n, void *target,
                               unsigned cmd_mask)
{
    for (size_t i = 0; i < n; i++) {
        if (!(defs[i].cmds & cmd_mask))
            continue;
        if (settings_store(&defs[i], target, defs[i].def, "default") != 0)
            return -1;
        const char *env = defs[i].env ? getenv(defs[i].env) : NULL;
        if (env && settings_store(&defs[i], target, env, defs[i].env) != 0)
            return -1;
    }
    return 0;
}

int settings_parse(struct config *cfg, unsigned cmd_mask, const struct setting_def *opts,
                   size_t nopts, void *opts_target, const char *usage, int argc, char **argv,
                   int first, char **positional, int max_positional, int *npositional)
{
    memset(cfg, 0, sizeof *cfg);
    *npositional = 0;
    if (settings_apply_base(settings_table, NSETTINGS, cfg, cmd_mask) != 0)
        return -1;
    if (opts && settings_apply_base(opts, nopts, opts_target, cmd_mask) != 0)
        return -1;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            printf("%s\n", usage);
            settings_print_help(stdout, cmd_mask, opts, nopts);
            return 1;
        }
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (*npositional >= max_positional) {
                fprintf(stderr, "agora: unexpected argument '%s'\n%s\n", arg, usage);
                return -1;
            }
            positional[(*npositional)++] = argv[i];
            continue;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t namelen = eq ? (size_t)(eq - name) : strlen(name);
        void *target = opts_target;
        const struct setting_def *def =
            opts ? settings_find(opts, nopts, cmd_mask, name, namelen) : NULL;
        if (!def) {
            def = settings_find(settings_table, NSETTINGS, cmd_mask, name, namelen);
            target = cfg;
        }
        if (!def) {
            fprintf(stderr, "agora: unknown option '%s' (see --help)\n", arg);
            return -1;
        }
        const char *value;
        if (eq) {
            value = eq + 1;
        } else if (def->type == SET_BOOL) {
            value = "true";
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            fprintf(stderr, "agora: option --%s needs a value\n", def->name);
            return -1;
        }
        if (settings_store(def, target, value, "flag") != 0)
            return -1;
    }
    return 0;
}

static void settings_help_rows(FILE *out, const struct setting_def *defs, size_t n,
                               unsigned cmd_mask)
{
    for (size_t i = 0; i < n; i++) {
        const struct setting_def *d = &defs[i];
        if (!(d->cmds & cmd_mask))
            continue;
        char flag[64];
        snprintf(flag, sizeof flag, "--%s%s", d->name,
                 d->type == SET_BOOL ? "" : (d->type == SET_INT ? " N" : " VALUE"));
        fprintf(out, "  %-30s %s\n", flag, d->help);
        if (d->env || d->def[0]) {
            fprintf(out, "  %-30s ", "");
            if (d->env)
                fprintf(out, "env %s", d->env);
            if (d->def[0])
                fprintf(out, "%sdefault %s", d->env ? ", " : "", d->def);
            fputc('\n', out);
        }
    }
}

void settings_print_help(FILE *out, unsigned cmd_mask, const struct setting_def *opts,
                         size_t nopts)
{
    int any = 0;
    for (size_t i = 0; opts && i < nopts; i++)
        any |= (opts[i].cmds & cmd_mask) != 0;
    if (any) {
        fprintf(out, "\nOptions:\n");
        settings_help_rows(out, opts, nopts, cmd_mask);
    }
    fprintf(out, "\nSettings (flag, or environment variable; the flag wins):\n");
    settings_help_rows(out, settings_table, NSETTINGS, cmd_mask);
}

void settings_print_markdown(FILE *out)
{
    static const struct {
        unsigned bit;
        const char *name;
    } cmd_names[] = {{CMD_SERVE, "serve"},   {CMD_MIGRATE, "migrate"}, {CMD_SEED, "seed"},
                     {CMD_BACKUP, "backup"}, {CMD_USER, "user"},       {CMD_IMPORT, "import"}};
    fprintf(out, "# Configuration\n\n"
                 "Generated by `agora settings --markdown`; do not edit by hand (a test "
                 "checks that this file matches the binary).\n\n"
                 "Every setting has a flag and an environment variable; the flag wins over "
                 "the variable, which wins over the default.\n\n"
                 "| flag | environment | default | commands | meaning |\n"
                 "|---|---|---|---|---|\n");
    for (size_t i = 0; i < NSETTINGS; i++) {
        const struct setting_def *d = &settings_table[i];
        char cmds[128] = "";
        size_t off = 0;
        for (size_t k = 0; k < sizeof cmd_names / sizeof cmd_names[0]; k++)
            if (d->cmds & cmd_names[k].bit)
                off += (size_t)snprintf(cmds + off, sizeof cmds - off, "%s%s", off ? ", " : "",
                                        cmd_names[k].name);
        fprintf(out, "| `--%s` | `%s` | %s%s%s | %s | %s |\n", d->name, d->env,
                d->def[0] ? "`" : "", d->def[0] ? d->def : "(none)", d->def[0] ? "`" : "", cmds,
                d->help);
    }
}
