/*
 * data_http.c - a person's data on request: GET /v1/me/export (everything,
 * one JSON document, as a download) and DELETE /v1/me (erasure).
 *
 * Both walk the table of personal-data parts (personal_data.h), so a
 * capability that stores personal data is covered by adding one row
 * there.  Erasure asks for the password again, ends every session, removes
 * the personal data and leaves the account as a tombstone (see
 * acct_erase); the e-mail may sign up again at once.
 */
#include <stdio.h>

#include "core/timeutil.h"
#include "json/js.h"
#include "json/validate.h"
#include "people/handlers.h"
#include "people/personal_data.h"
#include "platform/accounts.h"
#include "platform/auth.h"

/* GET /v1/me/export: every part of the signed-in person's data.  A
 * read-only route runs in one read transaction (the dispatcher's), so the
 * document is a consistent snapshot. */
int people_me_export(struct http_req *req, struct http_res *res)
{
    int64_t now = time_now();
    json_t *doc = NULL;
    int rc = people_data_export(req->db, req->auth.account_id, now, &doc);
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    char day[32], disposition[128];
    time_format_rfc3339(now, day, sizeof day);
    day[10] = '\0';
    snprintf(disposition, sizeof disposition, "attachment; filename=\"agora-export-%lld-%s.json\"",
             (long long)req->auth.account_id, day);
    http_header(req, res, "Content-Disposition", disposition);
    return http_json(res, 200, doc);
}

static const struct jv_field delete_body[] = {
    {"password", JV_STRING, JV_REQUIRED, .min = 1, .max = AG_PASSWORD_MAX},
    {0},
};

/* DELETE /v1/me {"password"}: erases the account.  The last enabled admin
 * cannot erase themselves (the platform would lock itself out). */
int people_me_delete(struct http_req *req, struct http_res *res)
{
    json_t *errors = jv_check(req->body, delete_body);
    if (errors)
        return http_problem_fields(res, errors, NULL);
    struct acct a;
    int rc = acct_get(req->db, req->auth.account_id, &a);
    if (rc != STORE_ROW)
        return http_problem_store(res, rc == STORE_DONE ? STORE_ERR : rc);
    int status =
        auth_confirm_password(req, res, &a, js_get_str(req->body, "password"), "/password");
    if (status)
        return status;
    rc = store_begin(req->db, STORE_TX_WRITE);
    if (rc != STORE_OK)
        return http_problem_store(res, rc);
    int last = acct_is_last_admin(req->db, &a);
    if (last < 0)
        return http_problem_store(res, last);
    if (last)
        return http_problem(res, ERR_CONFLICT,
                            "This is the last enabled admin; promote another one first.");
    rc = people_data_erase(req->db, a.id, time_now());
    if (rc != STORE_DONE)
        return http_problem_store(res, rc);
    return http_no_content(res);
}
