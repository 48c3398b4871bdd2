/*
 * text_check.h - the rules every text we store follows, whoever sends it (a
 * JSON body, a feed line): no control characters, not blank, links that
 * are http(s) URLs.
 *
 * Each check takes valid UTF-8 (callers check that first) and returns NULL
 * when the text passes, or a static reason ("must not be blank") that the
 * JSON validator (json/validate.h: jv_check_line ...) and the feed reader
 * both report, so a rule and its words live in one place.  The empty text
 * passes: whether a field may be empty is a length bound or a "required",
 * said by the caller.  Pure functions, unit-tested (tests/unit/test_text.c).
 */
#ifndef AG_TEXT_CHECK_H
#define AG_TEXT_CHECK_H

#include <stddef.h>

/* Length in bytes of the control character starting s[0..len) (C0
 * U+0000-U+001F, DEL, or C1 U+0080-U+009F in UTF-8), or 0 when it starts
 * with none. */
size_t text_control_len(const char *s, size_t len);

/* One line of text (a name, a title, an id): no control character at all
 * (tabs and line breaks included), not only spaces. */
const char *text_check_line(const char *s, size_t len);

/* Text of several lines (a description): tab, line feed and carriage return
 * allowed, no other control character, not only white space. */
const char *text_check_lines(const char *s, size_t len);

/* A link shown to shoppers: one line that starts with http:// or https://
 * (scheme in any case) and names a host, so that "javascript:..." or
 * "data:..." never reaches a page. */
const char *text_check_url(const char *s, size_t len);

#endif
