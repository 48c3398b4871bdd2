/*
 * cmd_import.c - `agora import feed|stores --retailer ID FILE`: the command
 * line twin of POST /v1/retailers/{id}/feeds, for operators and cron jobs.
 *
 * The file is streamed (any size, bounded memory) inside one write
 * transaction: all-or-nothing unless --skip-bad.  CSV when the name ends in
 * .csv (or --format csv), else tab-separated.  The report is printed as
 * JSON on standard output; each bad line also goes to standard error as
 * "FILE:LINE: COLUMN: reason".  Exit status 0 when imported, 1 when
 * refused or failed, 2 on usage errors.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "catalog/feed_import.h"
#include "cli/cli.h"
#include "core/timeutil.h"
#include "json/js.h"
#include "core/mem.h"
#include "store/store.h"

struct import_opts {
    int64_t retailer;
    int skip_bad;
    int partial;
    int allow_empty;
    const char *format;
};

#define IOPT(f) offsetof(struct import_opts, f)

static const struct setting_def import_opt_defs[] = {
    {"retailer", NULL, SET_INT, IOPT(retailer), "0", 0, INT64_MAX, CMD_IMPORT,
     "Retailer the feed belongs to (required)"},
    {"skip-bad", NULL, SET_BOOL, IOPT(skip_bad), "false", 0, 0, CMD_IMPORT,
     "Import the good lines and report the bad ones (default: all or nothing)"},
    {"partial", NULL, SET_BOOL, IOPT(partial), "false", 0, 0, CMD_IMPORT,
     "Update only the lines sent (default: the feed is a full snapshot)"},
    {"allow-empty", NULL, SET_BOOL, IOPT(allow_empty), "false", 0, 0, CMD_IMPORT,
     "Let a full feed without one valid line take every offer out of stock"},
    {"format", NULL, SET_STR, IOPT(format), "", 0, 0, CMD_IMPORT,
     "csv or tsv (default: from the file name, .csv or else tsv)"},
};

static void import_print_errors(const char *file, const json_t *arr, const char *what)
{
    size_t i;
    const json_t *e;
    json_array_foreach(arr, i, e)
    {
        const char *col = js_get_str(e, "column");
        fprintf(stderr, "%s:%lld: %s%s%s%s\n", file, (long long)js_get_int(e, "line", 0), what,
                col ? col : "", col ? ": " : "", js_get_str(e, "detail"));
    }
}

int cmd_import(int argc, char **argv, int first)
{
    const char *usage = "usage: agora import feed|stores --retailer ID [--skip-bad] [--partial] "
                        "[--allow-empty] [--format csv|tsv] FILE [settings]";
    struct config cfg;
    struct import_opts o;
    char *pos[2];
    int npos;
    int rc = settings_parse(&cfg, CMD_IMPORT, import_opt_defs,
                            sizeof import_opt_defs / sizeof import_opt_defs[0], &o, usage, argc,
                            argv, first, pos, 2, &npos);
    if (rc != 0)
        return CLI_PARSE_EXIT(rc);
    if (npos != 2 || (strcmp(pos[0], "feed") != 0 && strcmp(pos[0], "stores") != 0) ||
        o.retailer <= 0 || (o.format[0] && strcmp(o.format, "csv") && strcmp(o.format, "tsv"))) {
        fprintf(stderr, "%s\n", usage);
        return 2;
    }
    const char *file = pos[1];
    size_t n = strlen(file);
    bool csv = o.format[0] ? strcmp(o.format, "csv") == 0
                           : n > 4 && strcasecmp(file + n - 4, ".csv") == 0;
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "agora: cannot open %s\n", file);
        return 1;
    }
    if (cli_init(&cfg) != 0 || cli_open_store(&cfg) != 0) {
        close(fd);
        return 1;
    }
    store_conn *db = store_conn_get();
    struct feed_import_opts io = {
        .retailer_id = o.retailer,
        .delim = csv ? ',' : '\t',
        .skip_bad = o.skip_bad != 0,
        .partial = o.partial != 0,
        .allow_empty = o.allow_empty != 0,
        .now = time_now(),
    };
    struct feed_import_result r;
    memset(&r, 0, sizeof r);
    enum errcode e = ERR_UNAVAILABLE;
    if (store_begin(db, STORE_TX_WRITE) == STORE_OK) {
        e = pos[0][0] == 'f' ? feed_import_products(db, fd, &io, &r)
                             : feed_import_stores(db, fd, &io, &r);
        if (e == ERR_OK && store_commit(db) != STORE_OK)
            e = ERR_UNAVAILABLE;
        if (store_in_tx(db))
            store_rollback(db);
    }
    close(fd);
    if (r.report.errors) {
        import_print_errors(file, r.report.errors, "");
        import_print_errors(file, r.report.warnings, "warning: ");
        json_t *j = feed_import_result_json(&r, e == ERR_OK);
        char *text = js_dump(j, NULL);
        printf("%s\n", text);
        mem_free(text);
        json_decref(j);
    }
    if (e == ERR_VALIDATION && r.lines == 0)
        fprintf(stderr, "agora: the file cannot be read (see above); nothing was imported\n");
    else if (e == ERR_VALIDATION)
        fprintf(stderr, "agora: %ld bad line(s); nothing was imported (use --skip-bad to import "
                        "the others)\n",
                r.bad);
    else if (e == ERR_NOT_FOUND)
        fprintf(stderr, "agora: no retailer %lld\n", (long long)o.retailer);
    else if (e != ERR_OK)
        fprintf(stderr, "agora: the import failed: %s\n", store_errmsg(db));
    feed_import_result_free(&r);
    store_close();
    return e == ERR_OK ? 0 : 1;
}
