/*
 * cli.h - the subcommands of the agora binary, one file each in src/cli/.
 *
 * Each takes the whole argv and the index of its first own argument, and
 * returns the process exit status (0 ok, 1 failure, 2 usage error).
 */
#ifndef AG_CLI_H
#define AG_CLI_H

#include "core/settings.h"

int cmd_serve(int argc, char **argv, int first);
int cmd_migrate(int argc, char **argv, int first);
int cmd_seed(int argc, char **argv, int first);
int cmd_backup(int argc, char **argv, int first);
int cmd_user(int argc, char **argv, int first);
int cmd_import(int argc, char **argv, int first);
int cmd_version(int argc, char **argv, int first);
int cmd_routes(int argc, char **argv, int first);
int cmd_settings(int argc, char **argv, int first);

/* Shared start-up of every command: logging from cfg, libsodium, jansson
 * allocation, password cost.  Returns 0 or -1 (message printed). */
int cli_init(const struct config *cfg);
/* Opens cfg->db and applies pending migrations. Returns 0 or -1. */
int cli_open_store(const struct config *cfg);

/* Maps settings_parse results to an exit status: -1 -> 2, 1 (help) -> 0. */
#define CLI_PARSE_EXIT(rc) ((rc) < 0 ? 2 : 0)

#endif
