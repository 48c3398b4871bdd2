/*
 * text_rules.c - cleaning display names and tags (see text_rules.h).
 */
#include "people/text_rules.h"

#include <string.h>

/* Length of the control character at s (C0, DEL, or C1 encoded in UTF-8),
 * or 0 when s does not start with one. */
static size_t text_rules_control(const unsigned char *s)
{
    if (s[0] < 0x20 || s[0] == 0x7f)
        return 1;
    if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
        return 2;
    return 0;
}

long people_text_clean(const char *in, char *out, size_t outlen, bool lower)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t o = 0;
    bool space = false;
    if (outlen == 0)
        return -1;
    out[0] = '\0';
    for (; *s; s++) {
        if (*s == ' ') {
            space = o > 0;
            continue;
        }
        if (text_rules_control(s))
            goto fail;
        if (space) {
            if (o + 1 >= outlen)
                goto fail;
            out[o++] = ' ';
            space = false;
        }
        if (o + 1 >= outlen)
            goto fail;
        unsigned char c = *s;
        out[o++] = (char)(lower && c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[o] = '\0';
    return (long)o;
fail:
    out[0] = '\0';
    return -1;
}

const char *people_jv_text(const json_t *value)
{
    if (!json_is_string(value))
        return NULL;
    const unsigned char *s = (const unsigned char *)json_string_value(value);
    if (!*s)
        return NULL; /* empty: the length bound reports it */
    bool blank = true;
    for (; *s; s++) {
        if (text_rules_control(s))
            return "must not contain control characters (such as tabs or line breaks)";
        if (*s != ' ')
            blank = false;
    }
    return blank ? "must not be blank" : NULL;
}
