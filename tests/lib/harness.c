/*
 * harness.c - starting and stopping real agora servers and talking HTTP to
 * them (see harness.h).
 */
#include "harness.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int harness_counter;

const char *harness_bin(void)
{
    const char *b = getenv("AGORA_BIN");
    return b && b[0] ? b : "build/agora";
}

const char *harness_unique(const char *prefix)
{
    static __thread char buf[128];
    snprintf(buf, sizeof buf, "%s%ld%d%d", prefix, (long)getpid(), (int)time(NULL) % 100000,
             ++harness_counter);
    return buf;
}

const char *harness_email(const char *prefix)
{
    static __thread char buf[160];
    snprintf(buf, sizeof buf, "%s@test.example", harness_unique(prefix));
    return buf;
}

static void harness_remove_tree(const char *dir)
{
    char cmd[600];
    if (!dir[0] || strncmp(dir, "/tmp/", 5) != 0)
        return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "harness: could not remove %s\n", dir);
}

/* PostgreSQL ------------------------------------------------------------- */

static PGconn *harness_pg_admin(void)
{
    const char *base = getenv("AGORA_TEST_PG");
    char url[600];
    snprintf(url, sizeof url, "%s/postgres", base);
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "harness: cannot reach PostgreSQL at %s: %s", url, PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    return c;
}

static int harness_pg_exec(const char *sql)
{
    PGconn *c = harness_pg_admin();
    if (!c)
        return -1;
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "harness: %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

/* Server lifecycle ----------------------------------------------------------- */

int srv_prepare(struct srv *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "/tmp/agora-test-XXXXXX");
    if (!mkdtemp(s->dir)) {
        fprintf(stderr, "harness: mkdtemp: %s\n", strerror(errno));
        return -1;
    }
    const char *pg = getenv("AGORA_TEST_PG");
    if (pg && pg[0]) {
        char name[160], sql[200];
        snprintf(name, sizeof name, "agora_t_%s", harness_unique(""));
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
        if (harness_pg_exec(sql) != 0)
            return -1;
        snprintf(s->db, sizeof s->db, "%s/%s", pg, name);
    } else {
        snprintf(s->db, sizeof s->db, "%s/agora.db", s->dir);
    }
    return 0;
}

static void harness_print_log(const struct srv *s)
{
    char path[400];
    snprintf(path, sizeof path, "%s/server.log", s->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[1024];
    fprintf(stderr, "---- server log (%s) ----\n", path);
    while (fgets(line, sizeof line, f))
        fputs(line, stderr);
    fclose(f);
}

int srv_spawn(struct srv *s, const char *const *extra)
{
    if (!s->dir[0] && srv_prepare(s) != 0)
        return -1;
    char portfile[400], log[400], access[400];
    snprintf(portfile, sizeof portfile, "%s/port", s->dir);
    snprintf(log, sizeof log, "%s/server.log", s->dir);
    snprintf(access, sizeof access, "%s/access.log", s->dir);
    unlink(portfile);
    const char *argv[64];
    int n = 0;
    argv[n++] = harness_bin();
    argv[n++] = "serve";
    argv[n++] = "--db";
    argv[n++] = s->db;
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    argv[n++] = "--port-file";
    argv[n++] = portfile;
    argv[n++] = "--log-file";
    argv[n++] = log;
    argv[n++] = "--access-log";
    argv[n++] = access;
    argv[n++] = "--password-cost";
    argv[n++] = "min";
    argv[n++] = "--login-max-per-address";
    argv[n++] = "100000";
    argv[n++] = "--tmp-dir";
    argv[n++] = s->dir;
    for (int i = 0; extra && extra[i] && n < 62; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 2);
            dup2(fd, 1);
        }
        execv(argv[0], (char *const *)argv);
        fprintf(stderr, "harness: exec %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    s->pid = pid;
    return 0;
}

int srv_wait(struct srv *s)
{
    char portfile[400];
    snprintf(portfile, sizeof portfile, "%s/port", s->dir);
    pid_t pid = s->pid;
    if (pid <= 0)
        return -1;
    /* Wait for the port file (the sanitizer build starts slowly). */
    for (int i = 0; i < 3000; i++) {
        FILE *f = fopen(portfile, "r");
        if (f) {
            int port = 0;
            int got = fscanf(f, "%d", &port);
            fclose(f);
            if (got == 1 && port > 0) {
                s->port = port;
                snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", port);
                if (!s->curl)
                    s->curl = curl_easy_init();
                return 0;
            }
        }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "harness: agora exited before listening\n");
            harness_print_log(s);
            s->pid = 0;
            return -1;
        }
        usleep(10000);
    }
    fprintf(stderr, "harness: agora did not report a port in 30 s\n");
    harness_print_log(s);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    s->pid = 0;
    return -1;
}

int srv_start(struct srv *s, const char *const *extra)
{
    if (srv_spawn(s, extra) != 0)
        return -1;
    return srv_wait(s);
}

int srv_prepare_peer(struct srv *peer, const struct srv *base)
{
    memset(peer, 0, sizeof *peer);
    int n = snprintf(peer->dir, sizeof peer->dir, "%.200s/%.40s", base->dir,
                     harness_unique("peer"));
    if (n <= 0 || mkdir(peer->dir, 0755) != 0)
        return -1;
    snprintf(peer->db, sizeof peer->db, "%s", base->db);
    peer->peer = 1;
    return 0;
}

int srv_start_peer(struct srv *peer, const struct srv *base, const char *const *extra)
{
    if (srv_prepare_peer(peer, base) != 0)
        return -1;
    return srv_start(peer, extra);
}

int srv_stop(struct srv *s)
{
    if (s->curl) {
        curl_easy_cleanup(s->curl);
        s->curl = NULL;
    }
    if (s->pid <= 0)
        return -1;
    kill(s->pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 3000; i++) {
        pid_t r = waitpid(s->pid, &status, WNOHANG);
        if (r == s->pid) {
            s->pid = 0;
            if (WIFEXITED(status)) {
                if (WEXITSTATUS(status) != 0)
                    harness_print_log(s);
                return WEXITSTATUS(status);
            }
            harness_print_log(s);
            return -1;
        }
        usleep(10000);
    }
    fprintf(stderr, "harness: agora did not stop within 30 s of SIGTERM\n");
    kill(s->pid, SIGKILL);
    waitpid(s->pid, NULL, 0);
    s->pid = 0;
    return -1;
}

void srv_cleanup(struct srv *s)
{
    if (s->pid > 0)
        srv_stop(s);
    if (s->peer)
        return; /* the folder and database belong to the base server */
    const char *pg = getenv("AGORA_TEST_PG");
    if (pg && pg[0] && strncmp(s->db, "postgres", 8) == 0) {
        const char *name = strrchr(s->db, '/');
        char sql[160];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name + 1);
        harness_pg_exec(sql);
    }
    if (!getenv("AGORA_TEST_KEEP"))
        harness_remove_tree(s->dir);
}

int srv_finish(struct srv *s)
{
    int rc = srv_stop(s);
    srv_cleanup(s);
    return rc == 0 ? 0 : -1;
}

int srv_log_count(const struct srv *s, const char *needle)
{
    char path[400];
    snprintf(path, sizeof path, "%s/server.log", s->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int n = 0;
    char line[4096];
    while (fgets(line, sizeof line, f))
        if (strstr(line, needle))
            n++;
    fclose(f);
    return n;
}

/* Runs argv (NULL-ended), capturing stdout and stderr into out.  Returns
 * the exit status, or -1. */
static int harness_run(const char *const *argv, char *out, size_t outlen)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(pipefd[1], 1);
        dup2(pipefd[1], 2);
        close(pipefd[0]);
        close(pipefd[1]); /* or a daemon it starts (postgres) would hold the pipe open */
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(pipefd[1]);
    size_t got = 0;
    for (;;) {
        char tmp[4096];
        ssize_t r = read(pipefd[0], tmp, sizeof tmp);
        if (r <= 0)
            break;
        for (ssize_t i = 0; i < r && out && got + 1 < outlen; i++)
            out[got++] = tmp[i];
    }
    if (out && outlen)
        out[got] = '\0';
    close(pipefd[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int srv_cli(struct srv *s, const char *const *args, char *out, size_t outlen)
{
    const char *argv[64];
    int n = 0;
    argv[n++] = harness_bin();
    for (int i = 0; args[i] && n < 58; i++)
        argv[n++] = args[i];
    argv[n++] = "--db";
    argv[n++] = s->db;
    argv[n] = NULL;
    return harness_run(argv, out, outlen);
}

/* HTTP --------------------------------------------------------------------- */

struct harness_buf {
    char *data;
    size_t len;
};

static size_t harness_collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct harness_buf *b = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown)
        return 0;
    b->data = grown;
    memcpy(b->data + b->len, ptr, n);
    b->len += n;
    b->data[b->len] = '\0';
    return n;
}

int http_do(struct srv *s, const char *method, const char *path, const char *content_type,
            const char *body, size_t len, const char *const *headers, struct http_resp *out)
{
    memset(out, 0, sizeof *out);
    CURL *c = s->curl;
    if (!c)
        return -1;
    curl_easy_reset(c);
    char url[2048];
    snprintf(url, sizeof url, "%s%s", s->base, path);
    struct harness_buf bb = {0}, hb = {0};
    struct curl_slist *hl = NULL;
    char ct[256];
    if (content_type) {
        snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
        hl = curl_slist_append(hl, ct);
    }
    hl = curl_slist_append(hl, "Expect:");
    for (int i = 0; headers && headers[i]; i++)
        hl = curl_slist_append(hl, headers[i]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, harness_collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &bb);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, harness_collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &hb);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(hl);
    if (rc != CURLE_OK) {
        fprintf(stderr, "harness: %s %s: %s\n", method, path, curl_easy_strerror(rc));
        free(bb.data);
        free(hb.data);
        return -1;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &out->new_connections);
    out->body = bb.data ? bb.data : strdup("");
    out->len = bb.len;
    out->headers = hb.data ? hb.data : strdup("");
    if (out->len)
        out->json = json_loadb(out->body, out->len, 0, NULL);
    return 0;
}

int api_get(struct srv *s, const char *path, const char *token, struct http_resp *out)
{
    return api_send(s, "GET", path, token, NULL, out);
}

int api_send_idem(struct srv *s, const char *method, const char *path, const char *token,
                  const char *json_body, const char *idem_key, struct http_resp *out)
{
    char auth[512], idem[400];
    const char *headers[3] = {NULL, NULL, NULL};
    int n = 0;
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        headers[n++] = auth;
    }
    if (idem_key) {
        snprintf(idem, sizeof idem, "Idempotency-Key: %s", idem_key);
        headers[n++] = idem;
    }
    return http_do(s, method, path, json_body ? "application/json" : NULL, json_body,
                   json_body ? strlen(json_body) : 0, headers, out);
}

int api_send(struct srv *s, const char *method, const char *path, const char *token,
             const char *json_body, struct http_resp *out)
{
    return api_send_idem(s, method, path, token, json_body, NULL, out);
}

static char *harness_token(struct http_resp *r)
{
    const char *t = json_string_value(json_object_get(r->json, "token"));
    char *tok = t ? strdup(t) : NULL;
    if (!tok)
        fprintf(stderr, "harness: no token in %ld %s\n", r->status, r->body);
    resp_free(r);
    return tok;
}

char *api_signup(struct srv *s, const char *email, const char *password)
{
    char body[512];
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
    struct http_resp r;
    if (api_send(s, "POST", "/v1/auth/signup", NULL, body, &r) != 0)
        return NULL;
    return harness_token(&r);
}

char *api_login(struct srv *s, const char *email, const char *password)
{
    char body[512];
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
    struct http_resp r;
    if (api_send(s, "POST", "/v1/auth/login", NULL, body, &r) != 0)
        return NULL;
    return harness_token(&r);
}

char *api_make_user(struct srv *s, const char *email, const char *role, long retailer)
{
    char rid[32];
    snprintf(rid, sizeof rid, "%ld", retailer);
    const char *args[16] = {"user", "add", "--email", email, "--role", role,
                            "--password", "test-password-1", "--password-cost", "min"};
    int n = 10;
    if (retailer) {
        args[n++] = "--retailer";
        args[n++] = rid;
    }
    args[n] = NULL;
    char out[1024];
    if (srv_cli(s, args, out, sizeof out) != 0) {
        fprintf(stderr, "harness: user add failed: %s\n", out);
        return NULL;
    }
    return api_login(s, email, "test-password-1");
}

int resp_header(const struct http_resp *r, const char *name, char *out, size_t outlen)
{
    size_t nlen = strlen(name);
    const char *p = r->headers;
    while (p && *p) {
        const char *eol = strstr(p, "\r\n");
        size_t llen = eol ? (size_t)(eol - p) : strlen(p);
        if (llen > nlen && strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
            const char *v = p + nlen + 1;
            while (*v == ' ')
                v++;
            size_t vlen = llen - (size_t)(v - p);
            if (vlen >= outlen)
                vlen = outlen - 1;
            memcpy(out, v, vlen);
            out[vlen] = '\0';
            return 1;
        }
        if (!eol)
            break;
        p = eol + 2;
    }
    return 0;
}

const char *resp_code(const struct http_resp *r)
{
    const char *c = json_string_value(json_object_get(r->json, "code"));
    return c ? c : "";
}

void resp_free(struct http_resp *r)
{
    free(r->body);
    free(r->headers);
    if (r->json)
        json_decref(r->json);
    memset(r, 0, sizeof *r);
}

/* PostgreSQL clusters -------------------------------------------------------- */

bool harness_pg(void)
{
    const char *pg = getenv("AGORA_TEST_PG");
    return pg && pg[0];
}

/* Runs tests/lib/pgcluster.sh CMD DIR; out gets its output. */
static int pgc_run(const char *cmd, const char *dir, char *out, size_t outlen)
{
    const char *script = getenv("AGORA_TEST_PGCLUSTER");
    const char *argv[] = {script && script[0] ? script : "tests/lib/pgcluster.sh", cmd, dir, NULL};
    char buf[4096];
    int rc = harness_run(argv, out ? out : buf, out ? outlen : sizeof buf);
    if (rc != 0)
        fprintf(stderr, "harness: pgcluster.sh %s %s failed (%d): %s\n", cmd, dir, rc,
                out ? out : buf);
    return rc;
}

int pgc_new(struct pgc *c)
{
    memset(c, 0, sizeof *c);
    const char *root = getenv("AGORA_TEST_PG_ROOT");
    snprintf(c->dir, sizeof c->dir, "%s/agora-pgc-XXXXXX", root && root[0] ? root : "/tmp");
    if (!mkdtemp(c->dir)) {
        fprintf(stderr, "harness: mkdtemp %s: %s\n", c->dir, strerror(errno));
        c->dir[0] = '\0';
        return -1;
    }
    char out[4096];
    if (pgc_run("new", c->dir, out, sizeof out) != 0)
        return -1;
    char *url = strstr(out, "postgres://");
    if (!url)
        return -1;
    url[strcspn(url, "\r\n")] = '\0';
    snprintf(c->url, sizeof c->url, "%s", url);
    return 0;
}

int pgc_stop(struct pgc *c)
{
    return pgc_run("stop", c->dir, NULL, 0) == 0 ? 0 : -1;
}

int pgc_start(struct pgc *c)
{
    return pgc_run("start", c->dir, NULL, 0) == 0 ? 0 : -1;
}

void pgc_destroy(struct pgc *c)
{
    if (c->dir[0])
        pgc_run("destroy", c->dir, NULL, 0);
    c->dir[0] = '\0';
}

long db_count(struct srv *s, const char *sql)
{
    long n = -1;
    if (strncmp(s->db, "postgres", 8) == 0) {
        PGconn *c = PQconnectdb(s->db);
        if (PQstatus(c) == CONNECTION_OK) {
            PGresult *r = PQexec(c, sql);
            if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
                n = strtol(PQgetvalue(r, 0, 0), NULL, 10);
            PQclear(r);
        }
        PQfinish(c);
        return n;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(s->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = (long)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

int raw_http(struct srv *s, const char *request, size_t len, char *resp, size_t resplen,
             int *closed)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    size_t sent = 0;
    while (sent < len) {
        ssize_t w = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
        if (w <= 0)
            break; /* the server may close early: that is allowed */
        sent += (size_t)w;
    }
    size_t got = 0;
    *closed = 0;
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 3000) <= 0)
            break;
        char tmp[4096];
        ssize_t r = recv(fd, tmp, sizeof tmp, 0);
        if (r <= 0) {
            *closed = 1;
            break;
        }
        for (ssize_t i = 0; i < r && got + 1 < resplen; i++)
            resp[got++] = tmp[i];
    }
    if (resplen)
        resp[got] = '\0';
    close(fd);
    return (int)got;
}

int db_exec(struct srv *s, const char *sql)
{
    int rc = -1;
    if (strncmp(s->db, "postgres", 8) == 0) {
        PGconn *c = PQconnectdb(s->db);
        if (PQstatus(c) == CONNECTION_OK) {
            PGresult *r = PQexec(c, sql);
            ExecStatusType st = PQresultStatus(r);
            rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : -1;
            if (rc)
                fprintf(stderr, "harness: %s: %s", sql, PQerrorMessage(c));
            PQclear(r);
        }
        PQfinish(c);
        return rc;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(s->db, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        char *err = NULL;
        rc = sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK ? 0 : -1;
        if (rc)
            fprintf(stderr, "harness: %s: %s\n", sql, err ? err : "?");
        sqlite3_free(err);
    }
    sqlite3_close(db);
    return rc;
}
