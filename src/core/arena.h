/*
 * arena.h - a region allocator: many small allocations, one free.
 *
 * Each HTTP request owns an arena that the server frees when the request
 * completes, so handlers allocate strings and small structures without
 * tracking them.  Memory from an arena is never freed individually.
 */
#ifndef AG_ARENA_H
#define AG_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Returns a new empty arena; free it with arena_free. */
struct arena *arena_new(void);
/* Frees the arena and everything allocated from it.  NULL is allowed. */
void arena_free(struct arena *a);

/* Each returns memory owned by the arena, 16-byte aligned, never NULL. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* Bytes handed out so far (for tests and metrics). */
size_t arena_used(const struct arena *a);

#endif
