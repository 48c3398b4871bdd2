/*
 * test_arena_buf.c - src/core/arena.c and src/core/buf.c: the per-request
 * region allocator and the bounded growable buffer.
 *
 * Every handler allocates from the request arena, so an arena that hands out
 * misaligned or overlapping memory corrupts unrelated data; every body,
 * feed line and response is built in a buf whose ceiling is what turns a
 * hostile upload into a 413 instead of an out-of-memory abort.  Overlap is
 * detected by filling each allocation with its own pattern and checking
 * them all afterwards (and by ASan in the sanitizer build).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/limits.h"
#include "core/mem.h"

#define NALLOC 2000

static void arena_memory_is_16_byte_aligned_and_never_overlaps(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    unsigned char *p[NALLOC];
    size_t n[NALLOC];
    for (int i = 0; i < NALLOC; i++) {
        /* Odd sizes, some past the first block, one past the largest. */
        n[i] = (size_t)(i * 37 % 301) + (i % 500 == 499 ? AG_ARENA_BLOCK_MAX + 5 : 0);
        p[i] = arena_alloc(a, n[i]);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] % 16, 0);
        memset(p[i], i & 0xFF, n[i]);
    }
    for (int i = 0; i < NALLOC; i++)
        for (size_t k = 0; k < n[i]; k++)
            if (p[i][k] != (unsigned char)(i & 0xFF))
                fail_msg("allocation %d overwritten at byte %zu", i, k);
    arena_free(a);
}

static void arena_counts_what_it_hands_out(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    assert_int_equal(arena_used(a), 0);
    arena_alloc(a, 1);
    size_t one = arena_used(a);
    assert_true(one >= 1 && one <= 16);
    arena_alloc(a, 100000); /* larger than the current block */
    assert_true(arena_used(a) >= one + 100000);
    arena_free(a);
    arena_free(NULL); /* allowed */
}

static void arena_zalloc_and_string_helpers(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    /* Dirty a block, then ask for zeroed memory from the same block. */
    memset(arena_alloc(a, 256), 0xAB, 256);
    unsigned char *z = arena_zalloc(a, 300);
    for (int i = 0; i < 300; i++)
        assert_int_equal(z[i], 0);

    const char *src = "borrowed text";
    char *d = arena_strdup(a, src);
    assert_string_equal(d, src);
    assert_ptr_not_equal(d, src);
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    assert_string_equal(arena_strndup(a, "", 0), "");

    char big[10000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char *s = arena_printf(a, "%d-%s-%s", 42, "y", big);
    assert_int_equal(strlen(s), 5 + strlen(big));
    assert_memory_equal(s, "42-y-", 5);
    assert_string_equal(s + 5, big);
    arena_free(a);
}

static void buf_grows_far_past_its_first_allocation(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 0);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(buf_printf(&b, "%04d,", i), BUF_OK);
    assert_int_equal(b.len, 50000);
    assert_int_equal(strlen(b.data), b.len); /* always NUL-terminated */
    for (int i = 0; i < 10000; i += 997) {
        char want[8];
        snprintf(want, sizeof want, "%04d,", i);
        assert_memory_equal(b.data + i * 5, want, 5);
    }
    assert_int_equal(buf_putc(&b, '!'), BUF_OK);
    assert_int_equal(buf_puts(&b, "end"), BUF_OK);
    assert_string_equal(b.data + 50000, "!end");
    buf_free(&b);
    assert_null(b.data);
}

/* The data and length of b must be exactly want. */
static void assert_buf(const struct buf *b, const char *want)
{
    assert_int_equal(b->len, strlen(want));
    assert_string_equal(b->data, want);
}

static void buf_full_leaves_the_contents_unchanged(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 10);
    assert_int_equal(buf_puts(&b, "12345678"), BUF_OK);
    assert_int_equal(buf_puts(&b, "abc"), BUF_FULL);
    assert_buf(&b, "12345678");
    assert_int_equal(buf_printf(&b, "%s", "xyz"), BUF_FULL);
    assert_buf(&b, "12345678");
    assert_int_equal(buf_append(&b, "ab", 2), BUF_OK); /* exactly at the ceiling */
    assert_buf(&b, "12345678ab");
    assert_int_equal(buf_putc(&b, 'c'), BUF_FULL);
    assert_int_equal(buf_printf(&b, "%d", 1), BUF_FULL);
    assert_int_equal(buf_append(&b, "", 0), BUF_OK); /* nothing still fits */
    assert_buf(&b, "12345678ab");
    /* A huge append is refused before any allocation. */
    assert_int_equal(buf_append(&b, "x", SIZE_MAX), BUF_FULL);
    assert_buf(&b, "12345678ab");
    buf_free(&b);
}

static void buf_ceiling_above_the_hard_maximum_is_clamped(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 0);
    assert_int_equal(b.max, AG_BUF_HARD_MAX);
    buf_init(&b, SIZE_MAX);
    assert_int_equal(b.max, AG_BUF_HARD_MAX);
    buf_init(&b, 4096);
    assert_int_equal(b.max, 4096);
}

static void buf_reset_keeps_memory_and_detach_hands_it_over(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 100);
    buf_puts(&b, "hello");
    char *keep = b.data;
    buf_reset(&b);
    assert_buf(&b, "");
    assert_ptr_equal(b.data, keep);
    buf_puts(&b, "world");
    size_t len = 0;
    char *d = buf_detach(&b, &len);
    assert_int_equal(len, 5);
    assert_string_equal(d, "world");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    mem_free(d);
    /* The buffer is usable again, and detaching an unused one gives "". */
    assert_int_equal(buf_puts(&b, "again"), BUF_OK);
    assert_buf(&b, "again");
    buf_free(&b);
    d = buf_detach(&b, NULL);
    assert_non_null(d);
    assert_string_equal(d, "");
    mem_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_memory_is_16_byte_aligned_and_never_overlaps),
        cmocka_unit_test(arena_counts_what_it_hands_out),
        cmocka_unit_test(arena_zalloc_and_string_helpers),
        cmocka_unit_test(buf_grows_far_past_its_first_allocation),
        cmocka_unit_test(buf_full_leaves_the_contents_unchanged),
        cmocka_unit_test(buf_ceiling_above_the_hard_maximum_is_clamped),
        cmocka_unit_test(buf_reset_keeps_memory_and_detach_hands_it_over),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
