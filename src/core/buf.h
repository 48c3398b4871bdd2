/*
 * buf.h - a growable byte buffer with a ceiling.
 *
 * Every buffer that grows with outside input has a maximum size: appending
 * past it fails with BUF_FULL and leaves the contents unchanged, so a caller
 * can answer 413 instead of exhausting memory.  The data is always
 * NUL-terminated for convenience (the NUL is not counted in len).
 */
#ifndef AG_BUF_H
#define AG_BUF_H

#include <stdarg.h>
#include <stddef.h>

enum { BUF_OK = 0, BUF_FULL = -1 };

struct buf {
    char *data; /* owned; NULL until the first append */
    size_t len;
    size_t cap;
    size_t max; /* ceiling on len */
};

/* Initialises an empty buffer that may hold up to max bytes. */
void buf_init(struct buf *b, size_t max);
/* Frees the data; the buffer may be reused after buf_init. */
void buf_free(struct buf *b);
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);

int buf_append(struct buf *b, const void *data, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The same with a va_list (consumed as by vprintf). */
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Hands the data to the caller, who frees it with mem_free; the buffer is
 * left empty.  Never NULL. */
char *buf_detach(struct buf *b, size_t *len_out);

#endif
