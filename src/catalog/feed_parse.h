/*
 * feed_parse.h - a streaming reader of delimited text (TSV and CSV), the
 * way product feeds arrive.  Pure: no database, no HTTP; fuzzed by
 * tests/fuzz/fuzz_feed.c.
 *
 * Handles a UTF-8 byte order mark, LF, CRLF and lone CR line ends, fields
 * in double quotes (which may hold the delimiter, quotes doubled "" and
 * line breaks), and blank lines (skipped).  Input is read through a fixed
 * buffer from a file descriptor or from memory, so a feed of any size uses
 * bounded memory: one record is held at a time, at most AG_FEED_RECORD_MAX
 * bytes and AG_FEED_FIELDS_MAX fields.  A record that breaks a limit is
 * still consumed to its end and returned with `error` set, so the caller
 * can report it with its line number and go on.
 *
 * Ownership: the reader owns its buffers (feed_reader_close frees them);
 * field pointers are borrowed until the next feed_reader_next.
 */
#ifndef AG_FEED_PARSE_H
#define AG_FEED_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct feed_reader {
    int fd;                 /* -1 when reading from memory */
    const char *mem;
    size_t mem_len, mem_pos;
    char *in;               /* owned read buffer */
    size_t in_len, in_pos;
    bool eof, io_error, bom_checked;
    char delim;
    char *rec;              /* owned: the fields, each NUL-terminated */
    size_t rec_len, rec_cap;
    size_t *off;            /* owned: start of each field in rec */
    size_t *len;
    int nfields;
    long line;              /* physical line of the next character (1-based) */
    long rec_line;          /* line where the current record starts */
    const char *error;      /* static reason when the record is unusable */
    uint64_t bytes;         /* bytes consumed so far */
};

enum { FEED_RECORD = 1, FEED_END = 0, FEED_IO = -1 };

/* Prepare a reader over fd (not closed by the reader) or over memory. */
void feed_reader_open_fd(struct feed_reader *r, int fd, char delim);
void feed_reader_open_mem(struct feed_reader *r, const char *data, size_t len, char delim);
void feed_reader_close(struct feed_reader *r);

/* Reads the next non-blank record.  FEED_RECORD (check r->error), FEED_END
 * at the end of input, FEED_IO on a read error. */
int feed_reader_next(struct feed_reader *r);

/* Field i of the current record (NUL-terminated) and its length; "" when
 * i is beyond the record. */
const char *feed_field(const struct feed_reader *r, int i, size_t *len);

/* Guesses the delimiter of a header line: tab if it has one, else comma. */
char feed_guess_delim(const char *header, size_t len);

#endif
