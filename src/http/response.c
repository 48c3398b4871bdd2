/*
 * response.c - filling a struct http_res: JSON bodies, headers and the one
 * writer of RFC 9457 problem details (see http.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "http/http.h"
#include "json/js.h"

int http_json(struct http_res *res, int status, json_t *body)
{
    if (res->json)
        json_decref(res->json);
    res->json = body;
    res->status = status;
    return status;
}

int http_no_content(struct http_res *res)
{
    res->status = 204;
    return 204;
}

int http_raw(struct http_res *res, int status, const char *content_type, const char *data,
             size_t len)
{
    mem_free(res->raw);
    res->raw = mem_alloc(len + 1);
    memcpy(res->raw, data, len);
    res->raw[len] = '\0';
    res->raw_len = len;
    res->content_type = content_type;
    res->status = status;
    return status;
}

void http_header(struct http_req *req, struct http_res *res, const char *name,
                 const char *value)
{
    for (int i = 0; i < res->nheaders; i++)
        if (strcmp(res->headers[i].name, name) == 0) {
            res->headers[i].value = arena_strdup(req->arena, value);
            return;
        }
    if (res->nheaders >= HTTP_MAX_HEADERS) {
        log_error("too many response headers", "\"header\":\"%s\"", name);
        return;
    }
    res->headers[res->nheaders].name = name;
    res->headers[res->nheaders].value = arena_strdup(req->arena, value);
    res->nheaders++;
}

/* Builds the problem body; instance and request_id are added by the server
 * when it sends the response. */
static int http_problem_set(struct http_res *res, enum errcode code, const char *detail,
                            json_t *errors, json_t *extra)
{
    int status = errcode_status(code);
    char type[96];
    snprintf(type, sizeof type, "urn:agora:problem:%s", errcode_code(code));
    json_t *body = json_pack("{s:s,s:s,s:i,s:s,s:s}", "type", type, "title", errcode_title(code),
                             "status", status, "code", errcode_code(code), "detail",
                             detail && detail[0] ? detail : errcode_title(code));
    if (errors)
        json_object_set_new(body, "errors", errors);
    if (extra) {
        json_object_update_missing(body, extra);
        json_decref(extra);
    }
    res->error = code;
    res->content_type = "application/problem+json";
    return http_json(res, status, body);
}

int http_problem(struct http_res *res, enum errcode code, const char *detail_fmt, ...)
{
    char detail[512] = "";
    if (detail_fmt) {
        va_list ap;
        va_start(ap, detail_fmt);
        vsnprintf(detail, sizeof detail, detail_fmt, ap);
        va_end(ap);
    }
    return http_problem_set(res, code, detail, NULL, NULL);
}

int http_problem_fields(struct http_res *res, json_t *errors, const char *detail)
{
    return http_problem_fields_extra(res, errors, detail, NULL);
}

int http_problem_fields_extra(struct http_res *res, json_t *errors, const char *detail,
                              json_t *extra)
{
    return http_problem_set(res, ERR_VALIDATION, detail ? detail : "The request is not valid.",
                            errors, extra);
}

int http_problem_field(struct http_res *res, const char *pointer, const char *detail)
{
    json_t *errors = json_array();
    json_array_append_new(errors, json_pack("{s:s,s:s}", "pointer", pointer, "detail", detail));
    char summary[300];
    snprintf(summary, sizeof summary, "%s %s.", pointer[0] ? pointer + 1 : "body", detail);
    return http_problem_fields(res, errors, summary);
}

int http_problem_param(struct http_res *res, const char *param, const char *detail)
{
    json_t *errors = json_array();
    json_array_append_new(errors,
                          json_pack("{s:s,s:s}", "parameter", param, "detail", detail));
    char summary[300];
    snprintf(summary, sizeof summary, "Query parameter %s %s.", param, detail);
    return http_problem_fields(res, errors, summary);
}

int http_problem_store(struct http_res *res, int store_rc)
{
    switch (store_rc) {
    case STORE_UNIQUE:
        return http_problem(res, ERR_ALREADY_EXISTS, NULL);
    case STORE_CONSTRAINT:
        return http_problem(res, ERR_CONFLICT, "The change conflicts with existing data.");
    case STORE_BUSY:
    case STORE_UNAVAILABLE:
        return http_problem(res, ERR_UNAVAILABLE, "The database is busy or unreachable; retry.");
    default:
        return http_problem(res, ERR_INTERNAL, NULL);
    }
}

int http_param_id(struct http_req *req, struct http_res *res, int index, int64_t *out)
{
    if (index >= req->nparams || js_parse_id(req->params[index], out) != 0) {
        http_problem(res, ERR_NOT_FOUND, "No such resource.");
        return -1;
    }
    return 0;
}
