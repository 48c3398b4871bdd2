/*
 * cmd_user.c - `agora user add`: create an admin, staff or shopper account
 * from the command line (the way the first admin of an install is made).
 * The password comes from --password or, safer, from standard input.  A
 * staff account names an existing retailer (exit status 1 otherwise, with
 * nothing written).
 */
#include <stdio.h>
#include <string.h>

#include "catalog/retailers.h"
#include "cli/cli.h"
#include "core/secret.h"
#include "core/text.h"
#include "core/text_check.h"
#include "core/timeutil.h"
#include "json/js.h"
#include "json/validate.h"
#include "platform/accounts.h"
#include "store/store.h"

struct user_opts {
    const char *email;
    const char *password;
    const char *role;
    const char *name;
    int64_t retailer;
};

#define UOPT(f) offsetof(struct user_opts, f)

static const struct setting_def user_opt_defs[] = {
    {"email", NULL, SET_STR, UOPT(email), "", 0, 0, CMD_USER, "E-mail (login) of the account"},
    {"password", NULL, SET_STR, UOPT(password), "", 0, 0, CMD_USER,
     "Password; read from standard input when omitted"},
    {"role", NULL, SET_STR, UOPT(role), "admin", 0, 0, CMD_USER, "admin, staff or shopper"},
    {"name", NULL, SET_STR, UOPT(name), "", 0, 0, CMD_USER, "Display name"},
    {"retailer", NULL, SET_INT, UOPT(retailer), "0", 0, INT64_MAX, CMD_USER,
     "Retailer id a staff account is scoped to"},
};

static int user_read_password(char *out, size_t len)
{
    if (!fgets(out, (int)len, stdin))
        return -1;
    size_t n = strlen(out);
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return 0;
}

int cmd_user(int argc, char **argv, int first)
{
    const char *usage = "usage: agora user add --email E [--role admin|staff|shopper] "
                        "[--retailer ID] [--name N] [--password P] [settings]";
    struct config cfg;
    struct user_opts o;
    char *pos[1];
    int npos;
    int rc = settings_parse(&cfg, CMD_USER, user_opt_defs,
                            sizeof user_opt_defs / sizeof user_opt_defs[0], &o, usage, argc,
                            argv, first, pos, 1, &npos);
    if (rc != 0)
        return CLI_PARSE_EXIT(rc);
    if (npos != 1 || strcmp(pos[0], "add") != 0) {
        fprintf(stderr, "%s\n", usage);
        return 2;
    }
    char email[AG_EMAIL_MAX + 1];
    json_t *je = json_string(o.email);
    const char *bad = jv_check_email(je);
    json_decref(je);
    if (!o.email[0] || bad || acct_normalize_email(o.email, email) != 0) {
        fprintf(stderr, "agora: --email must be an e-mail address\n");
        return 2;
    }
    enum http_role role = acct_role_parse(o.role);
    if (role == ROLE_NONE) {
        fprintf(stderr, "agora: --role must be admin, staff or shopper\n");
        return 2;
    }
    if ((role == ROLE_STAFF) != (o.retailer != 0)) {
        fprintf(stderr, "agora: staff need --retailer ID, and only staff have one\n");
        return 2;
    }
    size_t name_len = strlen(o.name);
    const char *bad_name = !text_utf8_valid(o.name, name_len) ? "must be UTF-8 text"
                                                              : text_check_line(o.name, name_len);
    if (bad_name || text_utf8_len(o.name, name_len) > AG_DISPLAY_NAME_MAX) {
        fprintf(stderr, "agora: --name %s\n",
                bad_name ? bad_name : "is too long for a display name");
        return 2;
    }
    char password[AG_PASSWORD_MAX + 2];
    if (o.password[0])
        text_copy(password, sizeof password, o.password);
    else if (user_read_password(password, sizeof password) != 0) {
        fprintf(stderr, "agora: give --password or the password on standard input\n");
        return 2;
    }
    size_t plen = text_utf8_len(password, strlen(password));
    if (plen < AG_PASSWORD_MIN || strlen(password) > AG_PASSWORD_MAX) {
        fprintf(stderr, "agora: the password must have %d to %d characters\n", AG_PASSWORD_MIN,
                AG_PASSWORD_MAX);
        return 2;
    }
    if (cli_init(&cfg) != 0 || cli_open_store(&cfg) != 0)
        return 1;
    char hash[SECRET_PWHASH_LEN];
    store_conn *db = store_conn_get();
    int64_t id = 0;
    int missing = 0; /* staff of a retailer that does not exist */
    rc = secret_password_hash(password, hash) == 0 ? store_begin(db, STORE_TX_WRITE) : STORE_ERR;
    /* Staff act for their retailer: it must exist (as PATCH
     * /v1/admin/users checks), else nothing is written. */
    if (rc == STORE_OK && role == ROLE_STAFF) {
        int x = catalog_retailer_exists(db, o.retailer);
        missing = x == 0;
        rc = x < 0 ? x : STORE_OK;
    }
    if (rc == STORE_OK && !missing)
        rc = acct_create(db, email, hash, o.name[0] ? o.name : email, role, o.retailer,
                         time_now(), &id);
    if (rc == STORE_DONE)
        rc = store_commit(db) == STORE_OK ? STORE_DONE : STORE_ERR;
    else if (store_in_tx(db))
        store_rollback(db);
    if (missing)
        fprintf(stderr,
                "agora: no retailer %lld: a staff account needs an existing retailer "
                "(GET /v1/retailers lists them); nothing was written\n",
                (long long)o.retailer);
    else if (rc == STORE_UNIQUE)
        fprintf(stderr, "agora: an account with e-mail %s exists\n", email);
    else if (rc != STORE_DONE)
        fprintf(stderr, "agora: cannot create the account: %s\n", store_errmsg(db));
    else
        printf("created %s account %lld for %s\n", acct_role_name(role), (long long)id, email);
    store_close();
    return rc == STORE_DONE ? 0 : 1;
}
