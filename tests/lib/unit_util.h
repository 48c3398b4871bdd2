/*
 * unit_util.h - small helpers shared by unit tests.
 */
#ifndef AG_TEST_UNIT_UTIL_H
#define AG_TEST_UNIT_UTIL_H

#include <stddef.h>

/* Sorts items (in place) and joins them with single spaces into out, so
 * that a test can compare a set of names or pointers with one string.
 * Returns the number of items that occur more than once. */
size_t unit_join_sorted(const char **items, size_t n, char *out, size_t outlen);

#endif
