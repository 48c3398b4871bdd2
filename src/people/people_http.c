/*
 * people_http.c - cursors and list responses of the people module (see
 * people_http.h).
 */
#include "people/people_http.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "http/query.h"

int people_http_cursor(struct http_req *req, struct http_res *res, int nkeys, int64_t key[2])
{
    key[0] = key[1] = INT64_MAX;
    const char *raw = query_cursor(req);
    if (!raw)
        return 0;
    const char *dot = strchr(raw, '.');
    int ok = nkeys == 1 ? !dot && text_parse_i64(raw, strlen(raw), &key[0]) == 0
                        : dot && text_parse_i64(raw, (size_t)(dot - raw), &key[0]) == 0 &&
                              text_parse_i64(dot + 1, strlen(dot + 1), &key[1]) == 0;
    if (!ok)
        return http_problem_param(res, "cursor", "is not a cursor returned by this list");
    return 0;
}

void people_http_page_init(struct http_req *req, struct people_page *pg)
{
    memset(pg, 0, sizeof *pg);
    pg->limit = query_limit(req);
    pg->items = json_array();
}

int people_http_page(struct http_req *req, struct http_res *res, struct people_page *pg, int nkeys)
{
    json_t *body = json_object();
    json_object_set_new(body, "items", pg->items);
    pg->items = NULL;
    if (pg->more) {
        char raw[48];
        if (nkeys == 1)
            snprintf(raw, sizeof raw, "%lld", (long long)pg->last[0]);
        else
            snprintf(raw, sizeof raw, "%lld.%lld", (long long)pg->last[0], (long long)pg->last[1]);
        json_object_set_new(body, "next_cursor", json_string(query_cursor_encode(req->arena, raw)));
    } else {
        json_object_set_new(body, "next_cursor", json_null());
    }
    return http_json(res, 200, body);
}
