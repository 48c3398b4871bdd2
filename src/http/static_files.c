/*
 * static_files.c - lookup of UI files, embedded or on disk (see
 * static_files.h).  The embedded table is generated at build time by
 * tools/embed.c into build/gen/web_assets.c.
 */
#include "http/static_files.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mem.h"
#include "core/text.h"

struct web_asset {
    const char *path; /* "/index.html" */
    const unsigned char *data;
    size_t len;
};

extern const struct web_asset web_assets[];
extern const size_t web_assets_count;

/* Largest file served from disk in development mode. */
#define STATIC_DISK_MAX (8u * 1024u * 1024u)

static char static_dir[PATH_MAX];
/* ETags of the embedded files, computed once (index matches web_assets). */
static char (*static_embedded_etags)[24];

static const struct {
    const char *ext;
    const char *type;
} static_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
};

static const char *static_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < sizeof static_types / sizeof static_types[0]; i++)
            if (strcmp(dot, static_types[i].ext) == 0)
                return static_types[i].type;
    return "application/octet-stream";
}

/* A weak validator from FNV-1a of the content. */
static void static_etag(const char *data, size_t len, char out[24])
{
    unsigned long long h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 1099511628211ull;
    }
    snprintf(out, 24, "\"%016llx\"", h);
}

int static_init(const char *web_dir)
{
    static_dir[0] = '\0';
    if (!static_embedded_etags) {
        static_embedded_etags = mem_calloc(web_assets_count + 1, sizeof *static_embedded_etags);
        for (size_t i = 0; i < web_assets_count; i++)
            static_etag((const char *)web_assets[i].data, web_assets[i].len,
                        static_embedded_etags[i]);
    }
    if (!web_dir || !web_dir[0])
        return 0;
    if (!realpath(web_dir, static_dir)) {
        static_dir[0] = '\0';
        return -1;
    }
    struct stat st;
    if (stat(static_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        static_dir[0] = '\0';
        return -1;
    }
    return 0;
}

/* Only plain relative paths: letters, digits, '-', '_', '.', '/' and never
 * a ".." segment. */
static bool static_path_safe(const char *path)
{
    if (path[0] != '/' || strstr(path, "..") || strstr(path, "//"))
        return false;
    for (const char *p = path; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == '/'))
            return false;
    }
    return true;
}

static int static_from_disk(const char *path, struct static_file *out)
{
    char full[PATH_MAX];
    if ((size_t)snprintf(full, sizeof full, "%s%s", static_dir, path) >= sizeof full)
        return -1;
    int fd = open(full, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > STATIC_DISK_MAX) {
        close(fd);
        return -1;
    }
    size_t len = (size_t)st.st_size;
    char *data = mem_alloc(len + 1);
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, data + got, len - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got != len) {
        mem_free(data);
        return -1;
    }
    out->data = data;
    out->len = len;
    out->owned = true;
    return 0;
}

static int static_from_table(const char *path, struct static_file *out)
{
    for (size_t i = 0; i < web_assets_count; i++)
        if (strcmp(web_assets[i].path, path) == 0) {
            out->data = (const char *)web_assets[i].data;
            out->len = web_assets[i].len;
            out->owned = false;
            if (static_embedded_etags)
                memcpy(out->etag, static_embedded_etags[i], sizeof out->etag);
            return 0;
        }
    return -1;
}

static int static_find(const char *path, struct static_file *out)
{
    memset(out, 0, sizeof *out);
    int rc = static_dir[0] ? static_from_disk(path, out) : static_from_table(path, out);
    if (rc != 0)
        return -1;
    out->content_type = static_type(path);
    if (out->owned || !out->etag[0])
        static_etag(out->data, out->len, out->etag);
    return 0;
}

int static_lookup(const char *path, struct static_file *out)
{
    if (!static_path_safe(path))
        return -1;
    if (strcmp(path, "/") == 0)
        return static_find("/index.html", out);
    if (static_find(path, out) == 0)
        return 0;
    const char *last = strrchr(path, '/');
    if (last && !strchr(last, '.'))
        return static_find("/index.html", out); /* a page of the UI */
    return -1;
}

void static_release(struct static_file *f)
{
    if (f->owned)
        mem_free((void *)f->data);
    f->data = NULL;
    f->owned = false;
}
