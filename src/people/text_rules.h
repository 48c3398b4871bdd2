/*
 * text_rules.h - the rules for short texts people type about themselves:
 * display names and interest tags.
 *
 * A text is cleaned before it is stored: leading and trailing spaces go,
 * runs of spaces become one, and tags are lower-cased (ASCII letters) so
 * that "Trail Running" and "trail  running" are one tag.  Control
 * characters (C0, DEL, C1) are refused rather than silently removed, so a
 * client learns its input was wrong (the rule of core/text_check.h, which
 * json/validate.h's jv_check_line applies to request bodies).  Pure
 * functions, unit-tested.
 */
#ifndef AG_PEOPLE_TEXT_RULES_H
#define AG_PEOPLE_TEXT_RULES_H

#include <stdbool.h>
#include <stddef.h>

/* Cleans the UTF-8 text in into out (outlen bytes): trims, collapses
 * spaces, lower-cases ASCII when lower is set.  Returns the length in
 * bytes of the result, or -1 when in holds a control character or does not
 * fit (out is then empty). */
long people_text_clean(const char *in, char *out, size_t outlen, bool lower);

#endif
