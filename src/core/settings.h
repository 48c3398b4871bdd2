/*
 * settings.h - every setting of Agora, declared once.
 *
 * One table (settings.c) lists each setting's name, type, bounds, default,
 * environment variable, the commands it applies to and its help text.  That
 * table drives parsing (default, then environment, then flag: the flag
 * wins), `--help`, and docs/configuration.md (`agora settings --markdown`).
 */
#ifndef AG_SETTINGS_H
#define AG_SETTINGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Commands a setting applies to (bit mask). */
enum {
    CMD_SERVE = 1 << 0,
    CMD_MIGRATE = 1 << 1,
    CMD_SEED = 1 << 2,
    CMD_BACKUP = 1 << 3,
    CMD_USER = 1 << 4,
    CMD_IMPORT = 1 << 5,
    CMD_ALL = 0xff,
};

/* The parsed configuration.  Strings are borrowed from argv, the environment
 * or the static defaults: valid for the life of the process. */
struct config {
    const char *db;
    const char *listen;
    const char *port_file;
    const char *web_dir;
    const char *log;
    const char *log_file;
    const char *access_log;
    const char *tmp_dir;
    const char *trusted_proxies;
    const char *password_cost;
    int64_t threads;
    int64_t json_body_max;
    int64_t upload_body_max;
    int64_t session_ttl;
    int64_t idempotency_ttl;
    int64_t login_window;
    int64_t login_max_per_account;
    int64_t login_max_per_address;
    int64_t busy_timeout_ms;
    int64_t shutdown_grace;
    int64_t time_offset;
    int64_t db_retry_after;
};

enum setting_type { SET_STR, SET_INT, SET_BOOL };

/* One setting or command option.  Settings also have an environment
 * variable; command options (such as `seed --demo`) usually do not. */
struct setting_def {
    const char *name;  /* flag without the dashes: "listen" -> --listen */
    const char *env;   /* environment variable, or NULL */
    enum setting_type type;
    size_t offset;     /* of the field in the target struct */
    const char *def;   /* default, as text ("" for none) */
    int64_t min, max;  /* bounds of SET_INT */
    unsigned cmds;     /* commands it applies to */
    const char *help;
};

/* Option fields of type SET_STR are `const char *`, SET_INT `int64_t`,
 * SET_BOOL `int`. */

/* Fills cfg from defaults, the environment and argv[first..argc), keeping
 * only the settings of cmd_mask, and the command's own options (opts, may be
 * NULL) into opts_target.  Arguments that are not flags are returned
 * in positional (argv pointers, borrowed) and their count in *npositional.
 * On error prints a message to stderr and returns -1; "--help" prints help
 * and returns 1. */
int settings_parse(struct config *cfg, unsigned cmd_mask, const struct setting_def *opts,
                   size_t nopts, void *opts_target, const char *usage, int argc, char **argv,
                   int first, char **positional, int max_positional, int *npositional);

/* Prints the options and then the settings of cmd_mask as --help text. */
void settings_print_help(FILE *out, unsigned cmd_mask, const struct setting_def *opts,
                         size_t nopts);
/* Prints every setting as a Markdown table (docs/configuration.md). */
void settings_print_markdown(FILE *out);

/* The configuration in use by the running process (set by main). */
extern const struct config *settings_current;

#endif
