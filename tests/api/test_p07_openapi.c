/*
 * test_p07_openapi.c - docs/openapi.yaml and the route table agree.
 *
 * Every route the binary serves (`agora routes`) must be documented with the
 * same method, path and summary, public routes with `security: []` and the
 * others without; every documented operation must exist.  This keeps the
 * OpenAPI file a contract rather than a wish.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "harness.h"

#define MAX_OPS 512

struct op {
    char method[8];
    char path[160];
    char summary[200];
    int public_;
    int seen;
};

static struct op routes[MAX_OPS], documented[MAX_OPS];
static int nroutes, ndocumented;

/* Reads `agora routes` (tab-separated METHOD PATH ACCESS SUMMARY). */
static int load_routes(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s routes", harness_bin());
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[512];
    while (fgets(line, sizeof line, p) && nroutes < MAX_OPS) {
        line[strcspn(line, "\n")] = '\0';
        char *f[4] = {NULL};
        char *save = NULL;
        char *tok = strtok_r(line, "\t", &save);
        for (int i = 0; tok && i < 4; i++, tok = strtok_r(NULL, "\t", &save))
            f[i] = tok;
        if (!f[3])
            continue;
        struct op *o = &routes[nroutes++];
        snprintf(o->method, sizeof o->method, "%s", f[0]);
        snprintf(o->path, sizeof o->path, "%s", f[1]);
        o->public_ = strcmp(f[2], "public") == 0;
        snprintf(o->summary, sizeof o->summary, "%s", f[3]);
    }
    return pclose(p) == 0 ? 0 : -1;
}

static int indent_of(const char *s)
{
    int n = 0;
    while (s[n] == ' ')
        n++;
    return n;
}

/* Reads the operations of docs/openapi.yaml: paths at indent 2 under
 * "paths:", methods at indent 4, their keys at indent 6. */
static int load_openapi(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return -1;
    char line[1024], path[160] = "";
    int in_paths = 0;
    struct op *cur = NULL;
    static const char *const methods[] = {"get", "post", "put", "patch", "delete"};
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] != ' ' && line[0] != '\0' && line[0] != '#') {
            in_paths = strcmp(line, "paths:") == 0;
            cur = NULL;
            continue;
        }
        if (!in_paths || line[0] == '\0')
            continue;
        int ind = indent_of(line);
        const char *s = line + ind;
        if (ind == 2 && s[0] == '/') {
            snprintf(path, sizeof path, "%.*s", (int)(strchr(s, ':') - s), s);
            cur = NULL;
        } else if (ind == 4) {
            cur = NULL;
            for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
                size_t n = strlen(methods[m]);
                if (strncmp(s, methods[m], n) == 0 && s[n] == ':' && ndocumented < MAX_OPS) {
                    cur = &documented[ndocumented++];
                    for (size_t k = 0; k < n; k++)
                        cur->method[k] = (char)(s[k] - 'a' + 'A');
                    cur->method[n] = '\0';
                    snprintf(cur->path, sizeof cur->path, "%s", path);
                }
            }
        } else if (ind == 6 && cur) {
            if (strncmp(s, "summary: ", 9) == 0)
                snprintf(cur->summary, sizeof cur->summary, "%s", s + 9);
            else if (strcmp(s, "security: []") == 0)
                cur->public_ = 1;
        }
    }
    fclose(f);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    if (load_routes() != 0 || load_openapi("docs/openapi.yaml") != 0) {
        fprintf(stderr, "cannot read the route table or docs/openapi.yaml\n");
        return -1;
    }
    return nroutes > 0 && ndocumented > 0 ? 0 : -1;
}

static struct op *find(struct op *list, int n, const char *method, const char *path)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i].method, method) == 0 && strcmp(list[i].path, path) == 0)
            return &list[i];
    return NULL;
}

static void every_route_is_documented(void **state)
{
    (void)state;
    int missing = 0;
    for (int i = 0; i < nroutes; i++) {
        struct op *d = find(documented, ndocumented, routes[i].method, routes[i].path);
        if (!d) {
            fprintf(stderr, "not in docs/openapi.yaml: %s %s\n", routes[i].method, routes[i].path);
            missing++;
            continue;
        }
        d->seen = 1;
        if (strcmp(d->summary, routes[i].summary) != 0) {
            fprintf(stderr, "summary differs for %s %s:\n  routes.c: %s\n  openapi:  %s\n",
                    routes[i].method, routes[i].path, routes[i].summary, d->summary);
            missing++;
        }
        if (d->public_ != routes[i].public_) {
            fprintf(stderr, "%s %s: the route is %s but openapi %s `security: []`\n",
                    routes[i].method, routes[i].path, routes[i].public_ ? "public" : "protected",
                    d->public_ ? "has" : "lacks");
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

static void every_documented_operation_exists(void **state)
{
    (void)state;
    int extra = 0;
    for (int i = 0; i < ndocumented; i++)
        if (!find(routes, nroutes, documented[i].method, documented[i].path)) {
            fprintf(stderr, "documented but not served: %s %s\n", documented[i].method,
                    documented[i].path);
            extra++;
        }
    assert_int_equal(extra, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_route_is_documented),
        cmocka_unit_test(every_documented_operation_exists),
    };
    return cmocka_run_group_tests_name("p07_openapi", tests, setup, NULL);
}
