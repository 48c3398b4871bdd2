/*
 * cmd_backup.c - `agora backup FILE`: a consistent copy of the live SQLite
 * database, taken with SQLite's online backup API while the server keeps
 * serving.  Restore by stopping the server and putting the file in place of
 * the database (docs/deploy.md).
 */
#include <stdio.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "store/store.h"

int cmd_backup(int argc, char **argv, int first)
{
    struct config cfg;
    char *pos[1];
    int npos;
    int rc = settings_parse(&cfg, CMD_BACKUP, NULL, 0, NULL,
                            "usage: agora backup FILE [settings]\n\n"
                            "Copies the live SQLite database (--db) to FILE, consistently, "
                            "while the server keeps serving. FILE must not exist.",
                            argc, argv, first, pos, 1, &npos);
    if (rc != 0)
        return CLI_PARSE_EXIT(rc);
    if (npos != 1) {
        fprintf(stderr, "agora: backup needs the FILE to write\n");
        return 2;
    }
    struct stat st;
    if (stat(pos[0], &st) == 0) {
        fprintf(stderr, "agora: %s exists; choose a new file name\n", pos[0]);
        return 1;
    }
    if (cli_init(&cfg) != 0)
        return 1;
    char err[512];
    struct store_options so = {.busy_timeout_ms = (int)cfg.busy_timeout_ms};
    if (store_open(cfg.db, &so, err, sizeof err) != 0) {
        fprintf(stderr, "agora: %s\n", err);
        return 1;
    }
    rc = store_backup(pos[0], err, sizeof err);
    store_close();
    if (rc != 0) {
        fprintf(stderr, "agora: %s\n", err);
        remove(pos[0]);
        return 1;
    }
    if (stat(pos[0], &st) == 0)
        printf("backup of %s written to %s (%lld bytes)\n", cfg.db, pos[0],
               (long long)st.st_size);
    return 0;
}
