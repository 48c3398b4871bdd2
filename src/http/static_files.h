/*
 * static_files.h - the web UI's files: built into the binary, or read
 * from AGORA_WEB_DIR during development.
 *
 * Paths that name no file and have no extension fall back to index.html,
 * so the UI can use real paths ("/products/42") for its pages.
 */
#ifndef AG_STATIC_FILES_H
#define AG_STATIC_FILES_H

#include <stdbool.h>
#include <stddef.h>

struct static_file {
    const char *data;  /* borrowed (embedded) or owned (see owned) */
    size_t len;
    const char *content_type;
    char etag[24];
    bool owned; /* data was read from disk: static_release frees it */
};

/* web_dir: "" to serve the embedded copy. Returns 0, or -1 if web_dir is
 * not a readable folder. */
int static_init(const char *web_dir);
/* Finds the file for a request path. Returns 0, or -1 when there is none. */
int static_lookup(const char *path, struct static_file *out);
void static_release(struct static_file *f);

#endif
