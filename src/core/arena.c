/*
 * arena.c - block-chained region allocator (see arena.h).
 *
 * Blocks double in size from AG_ARENA_BLOCK_MIN up to AG_ARENA_BLOCK_MAX; a
 * request larger than the current block gets a block of its own.
 */
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits.h"
#include "core/mem.h"

struct arena_block {
    struct arena_block *next;
    size_t size; /* usable bytes in data[] */
    size_t used;
    _Alignas(16) unsigned char data[];
};

struct arena {
    struct arena_block *head; /* current block, newest first */
    size_t next_size;
    size_t total;
};

struct arena *arena_new(void)
{
    struct arena *a = mem_calloc(1, sizeof *a);
    a->next_size = AG_ARENA_BLOCK_MIN;
    return a;
}

void arena_free(struct arena *a)
{
    if (!a)
        return;
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        mem_free(b);
        b = next;
    }
    mem_free(a);
}

static struct arena_block *arena_grow(struct arena *a, size_t need)
{
    size_t size = a->next_size;
    if (size < need)
        size = need;
    struct arena_block *b = mem_alloc(sizeof *b + size);
    b->size = size;
    b->used = 0;
    b->next = a->head;
    a->head = b;
    if (a->next_size < AG_ARENA_BLOCK_MAX)
        a->next_size *= 2;
    return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
    if (n > AG_BUF_HARD_MAX) {
        fprintf(stderr, "agora: arena allocation of %zu bytes refused\n", n);
        abort();
    }
    size_t need = (n + 15u) & ~(size_t)15u;
    struct arena_block *b = a->head;
    if (!b || b->size - b->used < need)
        b = arena_grow(a, need);
    void *p = b->data + b->used;
    b->used += need;
    a->total += need;
    return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return arena_strdup(a, "");
    char *d = arena_alloc(a, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return d;
}

size_t arena_used(const struct arena *a)
{
    return a->total;
}
