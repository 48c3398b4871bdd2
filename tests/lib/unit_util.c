/*
 * unit_util.c - small helpers shared by unit tests (see unit_util.h).
 */
#include "unit_util.h"

#include <stdio.h>
#include <string.h>

size_t unit_join_sorted(const char **items, size_t n, char *out, size_t outlen)
{
    for (size_t i = 1; i < n; i++) /* insertion sort: lists are tiny */
        for (size_t k = i; k > 0 && strcmp(items[k - 1], items[k]) > 0; k--) {
            const char *t = items[k];
            items[k] = items[k - 1];
            items[k - 1] = t;
        }
    size_t o = 0, dups = 0;
    if (outlen)
        out[0] = '\0';
    for (size_t i = 0; i < n && o < outlen; i++) {
        if (i > 0 && strcmp(items[i - 1], items[i]) == 0)
            dups++;
        o += (size_t)snprintf(out + o, outlen - o, "%s%s", i ? " " : "", items[i]);
    }
    return dups;
}
