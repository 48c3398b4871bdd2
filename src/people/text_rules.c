/*
 * text_rules.c - cleaning display names and tags (see text_rules.h).
 */
#include "people/text_rules.h"

#include <string.h>

#include "core/text_check.h"

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
        /* s is NUL-terminated: its next byte may be read. */
        if (text_control_len((const char *)s, 2))
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
