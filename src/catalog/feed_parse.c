/*
 * feed_parse.c - the streaming TSV/CSV reader (see feed_parse.h).
 */
#include "catalog/feed_parse.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/limits.h"
#include "core/mem.h"

static void feed_reader_init(struct feed_reader *r, char delim)
{
    memset(r, 0, sizeof *r);
    r->fd = -1;
    r->delim = delim;
    r->in = mem_alloc(AG_FEED_READ_BUF);
    r->rec_cap = 4096;
    r->rec = mem_alloc(r->rec_cap);
    r->off = mem_calloc(AG_FEED_FIELDS_MAX, sizeof *r->off);
    r->len = mem_calloc(AG_FEED_FIELDS_MAX, sizeof *r->len);
    r->line = 1;
}

void feed_reader_open_fd(struct feed_reader *r, int fd, char delim)
{
    feed_reader_init(r, delim);
    r->fd = fd;
}

void feed_reader_open_mem(struct feed_reader *r, const char *data, size_t len, char delim)
{
    feed_reader_init(r, delim);
    r->mem = data;
    r->mem_len = len;
}

void feed_reader_close(struct feed_reader *r)
{
    mem_free(r->in);
    mem_free(r->rec);
    mem_free(r->off);
    mem_free(r->len);
    r->in = r->rec = NULL;
    r->off = r->len = NULL;
}

/* Refills the input buffer; returns bytes available (0 at the end). */
static size_t feed_fill(struct feed_reader *r)
{
    r->in_pos = r->in_len = 0;
    if (r->eof)
        return 0;
    if (r->fd < 0) {
        size_t n = r->mem_len - r->mem_pos;
        if (n > AG_FEED_READ_BUF)
            n = AG_FEED_READ_BUF;
        memcpy(r->in, r->mem + r->mem_pos, n);
        r->mem_pos += n;
        r->in_len = n;
    } else {
        for (;;) {
            ssize_t got = read(r->fd, r->in, AG_FEED_READ_BUF);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0) {
                r->io_error = true;
                got = 0;
            }
            r->in_len = (size_t)got;
            break;
        }
    }
    if (r->in_len == 0)
        r->eof = true;
    return r->in_len;
}

/* The next byte, or -1 at the end. */
static inline int feed_getc(struct feed_reader *r)
{
    if (r->in_pos == r->in_len && feed_fill(r) == 0)
        return -1;
    r->bytes++;
    return (unsigned char)r->in[r->in_pos++];
}

static inline int feed_peek(struct feed_reader *r)
{
    if (r->in_pos == r->in_len && feed_fill(r) == 0)
        return -1;
    return (unsigned char)r->in[r->in_pos];
}

/* Appends c to the record unless a limit was hit (then sets error). */
static inline void feed_put(struct feed_reader *r, char c)
{
    if (r->error)
        return;
    if (r->rec_len + 1 >= r->rec_cap) {
        if (r->rec_cap >= AG_FEED_RECORD_MAX) {
            r->error = "the line is too long (over 256 KiB)";
            return;
        }
        size_t cap = r->rec_cap * 2;
        if (cap > AG_FEED_RECORD_MAX)
            cap = AG_FEED_RECORD_MAX;
        r->rec = mem_realloc(r->rec, cap);
        r->rec_cap = cap;
    }
    r->rec[r->rec_len++] = c;
}

static void feed_start_field(struct feed_reader *r)
{
    if (r->error)
        return;
    if (r->nfields >= AG_FEED_FIELDS_MAX) {
        r->error = "the line has too many fields (over 256)";
        return;
    }
    r->off[r->nfields] = r->rec_len;
}

static void feed_end_field(struct feed_reader *r)
{
    if (r->error)
        return;
    r->len[r->nfields] = r->rec_len - r->off[r->nfields];
    feed_put(r, '\0');
    if (!r->error)
        r->nfields++;
}

/* Consumes a line end that starts with c ('\r' or '\n'). */
static void feed_eol(struct feed_reader *r, int c)
{
    if (c == '\r' && feed_peek(r) == '\n')
        feed_getc(r);
    r->line++;
}

int feed_reader_next(struct feed_reader *r)
{
    if (!r->bom_checked) {
        r->bom_checked = true;
        if (feed_peek(r) == 0xEF) {
            /* Only skip a complete BOM; anything else is data. */
            if (r->in_len - r->in_pos >= 3 && (unsigned char)r->in[r->in_pos + 1] == 0xBB &&
                (unsigned char)r->in[r->in_pos + 2] == 0xBF) {
                r->in_pos += 3;
                r->bytes += 3;
            }
        }
    }
    for (;;) {
        r->rec_len = 0;
        r->nfields = 0;
        r->error = NULL;
        r->rec_line = r->line;
        int c = feed_getc(r);
        if (c < 0)
            return r->io_error ? FEED_IO : FEED_END;
        if (c == '\n' || c == '\r') { /* blank line */
            feed_eol(r, c);
            continue;
        }
        feed_start_field(r);
        for (;;) {
            if (c == '"') { /* quoted part */
                for (;;) {
                    c = feed_getc(r);
                    if (c < 0) {
                        if (!r->error)
                            r->error = "a quoted field is not closed before the end of the file";
                        break;
                    }
                    if (c == '"') {
                        if (feed_peek(r) == '"') {
                            feed_getc(r);
                            feed_put(r, '"');
                            continue;
                        }
                        break;
                    }
                    if (c == '\n' || (c == '\r' && feed_peek(r) != '\n'))
                        r->line++;
                    feed_put(r, (char)c);
                }
                if (c < 0)
                    break;
                c = feed_getc(r); /* after the closing quote */
                /* Text after a closing quote is kept as it is (lenient,
                 * like most spreadsheet exports). */
                while (c >= 0 && c != r->delim && c != '\n' && c != '\r') {
                    feed_put(r, (char)c);
                    c = feed_getc(r);
                }
            } else {
                while (c >= 0 && c != r->delim && c != '\n' && c != '\r') {
                    feed_put(r, (char)c);
                    c = feed_getc(r);
                }
            }
            feed_end_field(r);
            if (c == r->delim) {
                c = feed_getc(r);
                feed_start_field(r);
                if (c < 0 || c == '\n' || c == '\r') { /* trailing empty field */
                    feed_end_field(r);
                    break;
                }
                continue;
            }
            break;
        }
        if (c == '\n' || c == '\r')
            feed_eol(r, c);
        if (r->io_error)
            return FEED_IO;
        return FEED_RECORD;
    }
}

const char *feed_field(const struct feed_reader *r, int i, size_t *len)
{
    if (i < 0 || i >= r->nfields || r->error) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = r->len[i];
    return r->rec + r->off[i];
}

char feed_guess_delim(const char *header, size_t len)
{
    return memchr(header, '\t', len) ? '\t' : ',';
}
