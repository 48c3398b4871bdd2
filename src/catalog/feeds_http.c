/*
 * feeds_http.c - POST /v1/retailers/{id}/feeds: a product feed uploaded as
 * text/tab-separated-values or text/csv (streamed to a temporary file by
 * the server, read from it line by line here).
 */
#include <fcntl.h>
#include <stdio.h>
#include <strings.h>
#include <unistd.h>

#include "catalog/feed_import.h"
#include "catalog/handlers.h"
#include "core/timeutil.h"
#include "http/query.h"
#include "json/js.h"

static const char *const feed_modes[] = {"full", "partial", NULL};

static const struct query_param feed_params[] = {
    {"skip_bad", QUERY_BOOL},
    {"mode", QUERY_STRING, .choices = feed_modes},
    {"allow_empty", QUERY_BOOL},
    {0},
};

/* POST /v1/retailers/{id}/feeds[?skip_bad=true][&mode=partial]
 * [&allow_empty=true] (that retailer's staff, or admins).  All-or-nothing
 * unless skip_bad: with any bad line the answer is 422 with every bad line
 * (line, column, detail) and nothing is written; so is a full feed without
 * one valid line, unless allow_empty.  Otherwise 200 with the report. */
int cat_feed_upload(struct http_req *req, struct http_res *res)
{
    int64_t rid;
    if (http_param_id(req, res, 0, &rid) != 0 || query_check(req, res, feed_params) != 0)
        return res->status;
    struct catalog_actor actor = cat_actor(req);
    enum errcode e = catalog_may_write(&actor, rid);
    if (e != ERR_OK)
        return cat_fail(res, e, NULL, NULL);
    if (!req->upload_path)
        return http_problem(res, ERR_VALIDATION, "Send the feed as the request body.");
    const char *mode = http_query(req, "mode");
    struct feed_import_opts o = {
        .retailer_id = rid,
        .account_id = req->auth.account_id,
        .delim = req->content_type && strncasecmp(req->content_type, "text/csv", 8) == 0 ? ','
                                                                                           : '\t',
        .skip_bad = query_bool(req, "skip_bad", false),
        .partial = mode && mode[0] == 'p',
        .allow_empty = query_bool(req, "allow_empty", false),
        .now = time_now(),
    };
    int fd = open(req->upload_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return http_problem(res, ERR_INTERNAL, "Could not read the upload.");
    if (cat_begin(req, res)) {
        close(fd);
        return res->status;
    }
    struct feed_import_result r;
    e = feed_import_products(req->db, fd, &o, &r);
    close(fd);
    int status;
    if (e == ERR_VALIDATION) {
        char detail[200];
        if (r.lines == 0 && r.report.total > 0)
            snprintf(detail, sizeof detail, "The feed cannot be read: see errors; nothing was "
                                            "imported.");
        else
            snprintf(detail, sizeof detail,
                     "%ld of %ld lines are not valid; nothing was imported (send skip_bad=true "
                     "to import the others).",
                     r.bad, r.lines);
        /* The rest of the report beside the problem's errors. */
        status = http_problem_fields_extra(res, json_copy(r.report.errors), detail,
                                           feed_import_result_json(&r, false));
    } else if (e != ERR_OK) {
        status = cat_fail(res, e, NULL, e == ERR_NOT_FOUND ? "No such retailer." : NULL);
    } else {
        status = http_json(res, 200, feed_import_result_json(&r, true));
    }
    feed_import_result_free(&r);
    return status;
}
