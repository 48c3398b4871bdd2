/*
 * mem.h - allocation with one out-of-memory policy: abort.
 *
 * Every heap allocation in Agora goes through these wrappers (jansson too, see
 * js_init).  A failed allocation logs and aborts: there is no half-working
 * state to recover to, and callers stay free of NULL checks.
 */
#ifndef AG_MEM_H
#define AG_MEM_H

#include <stddef.h>

/* Each returns memory the caller frees with mem_free (or free). */
void *mem_alloc(size_t n);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *p, size_t n);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);
void mem_free(void *p);

#endif
