/*
 * log.h - structured logging: one JSON object per line.
 *
 * Lines go to stderr (or a file set by log_open) with a single write(2) each,
 * so lines from different threads never interleave.  The access log is a
 * separate stream (log_access_*), off or on a file of its own.
 */
#ifndef AG_LOG_H
#define AG_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Parses "debug", "info", "warn" or "error"; returns -1 when unknown. */
int log_level_parse(const char *s);
void log_set_level(enum log_level level);

/* Directs the application log to path ("-" or "stderr" = standard error).
 * Returns 0, or -1 with errno set. */
int log_open(const char *path);
/* Directs the access log to path; "off" disables it. Returns 0 or -1. */
int log_access_open(const char *path);
int log_access_enabled(void);
/* Writes one already-formatted line (without newline) to the access log. */
void log_access_write(const char *line, size_t len);
void log_close(void);

/* msg is a short event name; fmt adds "key":value pairs already in JSON
 * syntax, e.g. log_info("listening", "\"port\":%d", port). fmt may be NULL. */
void log_msg(enum log_level level, const char *msg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

/* Writes s as a JSON string body (no quotes) into out, escaping as needed;
 * truncates to fit. Returns the length written. */
size_t log_escape(char *out, size_t outlen, const char *s);

#endif
