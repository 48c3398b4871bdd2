/*
 * log.c - JSON-lines application and access logs (see log.h).
 */
#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/timeutil.h"

static enum log_level log_min = LOG_INFO;
static int log_fd = 2;
static int access_fd = -1;

static const char *const log_names[] = {"debug", "info", "warn", "error"};

int log_level_parse(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, log_names[i]) == 0)
            return i;
    return -1;
}

void log_set_level(enum log_level level)
{
    log_min = level;
}

static int log_open_fd(const char *path)
{
    if (strcmp(path, "-") == 0 || strcmp(path, "stderr") == 0)
        return 2;
    if (strcmp(path, "stdout") == 0)
        return 1;
    return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
}

int log_open(const char *path)
{
    int fd = log_open_fd(path);
    if (fd < 0)
        return -1;
    if (log_fd > 2)
        close(log_fd);
    log_fd = fd;
    return 0;
}

int log_access_open(const char *path)
{
    int fd = -1;
    if (strcmp(path, "off") != 0) {
        fd = log_open_fd(path);
        if (fd < 0)
            return -1;
    }
    if (access_fd > 2)
        close(access_fd);
    access_fd = fd;
    return 0;
}

int log_access_enabled(void)
{
    return access_fd >= 0;
}

/* Writes the whole line, retrying short writes; errors are dropped (a log
 * that cannot be written must not stop the server). */
static void log_write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        p += w;
        n -= (size_t)w;
    }
}

void log_access_write(const char *line, size_t len)
{
    if (access_fd >= 0)
        log_write_all(access_fd, line, len);
}

void log_close(void)
{
    if (log_fd > 2)
        close(log_fd);
    log_fd = 2;
    if (access_fd > 2)
        close(access_fd);
    access_fd = -1;
}

size_t log_escape(char *out, size_t outlen, const char *s)
{
    size_t o = 0;
    if (outlen == 0)
        return 0;
    for (; *s && o + 7 < outlen; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c < 0x20 || c == 0x7f) {
            o += (size_t)snprintf(out + o, outlen - o, "\\u%04x", c);
        } else {
            out[o++] = (char)c;
        }
    }
    if (*s) {
        /* Cut short: never end in half a UTF-8 sequence. */
        size_t k = o, cont = 0;
        while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80) {
            k--;
            cont++;
        }
        unsigned char lead = k > 0 ? (unsigned char)out[k - 1] : 0;
        if (lead >= 0xC0 && cont < (lead >= 0xF0 ? 3u : lead >= 0xE0 ? 2u : 1u))
            o = k - 1;
    }
    out[o] = '\0';
    return o;
}

void log_msg(enum log_level level, const char *msg, const char *fmt, ...)
{
    if (level < log_min)
        return;
    char line[2048];
    char ts[40];
    char emsg[256];
    time_format_rfc3339_ms(time_now_ms(), ts, sizeof ts);
    log_escape(emsg, sizeof emsg, msg);
    int n = snprintf(line, sizeof line, "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":\"%s\"",
                     ts, log_names[level], emsg);
    /* The head always fits (emsg is bounded); checked all the same. */
    if (n < 0 || (size_t)n > sizeof line / 2)
        return;
    size_t len = (size_t)n;
    if (fmt) {
        size_t head = len;
        line[len++] = ',';
        va_list ap;
        va_start(ap, fmt);
        int m = vsnprintf(line + len, sizeof line - len, fmt, ap);
        va_end(ap);
        if (m < 0 || (size_t)m + 2 > sizeof line - len) {
            /* Cut fields are not JSON: keep the head and say so. */
            static const char cut[] = ",\"truncated\":true";
            len = head;
            memcpy(line + len, cut, sizeof cut - 1);
            len += sizeof cut - 1;
        } else {
            len += (size_t)m;
        }
    }
    line[len++] = '}';
    line[len++] = '\n';
    log_write_all(log_fd, line, len);
}
