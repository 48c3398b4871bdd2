/*
 * text_check.c - control characters, blank text and http(s) links (see
 * text_check.h).
 */
#include "core/text_check.h"

#include <stdbool.h>
#include <strings.h>

size_t text_control_len(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0)
        return 0;
    if (s[0] < 0x20 || s[0] == 0x7f)
        return 1;
    if (len >= 2 && s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
        return 2;
    return 0;
}

/* The shared walk: refuses control characters (but tab, LF and CR when
 * lines is set) and text made only of spaces (or tabs and line breaks). */
static const char *text_check(const char *s, size_t len, bool lines)
{
    bool blank = true;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (lines && (c == '\t' || c == '\n' || c == '\r'))
            continue;
        if (text_control_len(s + i, len - i))
            return lines ? "must not contain control characters other than tabs and line breaks"
                         : "must not contain control characters (such as tabs or line breaks)";
        if (c != ' ')
            blank = false;
    }
    return len > 0 && blank ? "must not be blank" : NULL;
}

const char *text_check_line(const char *s, size_t len)
{
    return text_check(s, len, false);
}

const char *text_check_lines(const char *s, size_t len)
{
    return text_check(s, len, true);
}

const char *text_check_url(const char *s, size_t len)
{
    const char *why = text_check_line(s, len);
    if (why || len == 0)
        return why;
    size_t host = 0;
    if (len > 7 && strncasecmp(s, "http://", 7) == 0)
        host = 7;
    else if (len > 8 && strncasecmp(s, "https://", 8) == 0)
        host = 8;
    if (!host || s[host] == '/' || s[host] == '?' || s[host] == '#' || s[host] == ' ')
        return "must be an http:// or https:// URL";
    return NULL;
}
