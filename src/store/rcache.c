/*
 * rcache.c - per-thread read cache with a global write epoch (see rcache.h).
 *
 * A direct-mapped table per thread: a hash picks the slot, a collision
 * replaces the older entry.  The table is freed when its thread exits.
 */
#include "store/rcache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "core/mem.h"
#include "core/timeutil.h"

#define RCACHE_SLOTS 1024

struct rcache_entry {
    char *key;   /* owned */
    void *value; /* owned */
    size_t len;
    uint64_t epoch;
    int64_t stored_ms;
};

static _Atomic uint64_t rcache_write_epoch = 1;
static _Atomic bool rcache_on;
static pthread_key_t rcache_tls_key;
static pthread_once_t rcache_once = PTHREAD_ONCE_INIT;
static _Thread_local struct rcache_entry *rcache_table;

static void rcache_free_table(void *p)
{
    struct rcache_entry *t = p;
    for (int i = 0; i < RCACHE_SLOTS; i++) {
        mem_free(t[i].key);
        mem_free(t[i].value);
    }
    mem_free(t);
}

static void rcache_init_key(void)
{
    pthread_key_create(&rcache_tls_key, rcache_free_table);
}

void rcache_enable(bool on)
{
    atomic_store(&rcache_on, on);
}

bool rcache_enabled(void)
{
    return atomic_load(&rcache_on);
}

uint64_t rcache_epoch(void)
{
    return atomic_load(&rcache_write_epoch);
}

void rcache_bump(void)
{
    atomic_fetch_add(&rcache_write_epoch, 1);
}

static size_t rcache_slot(const char *key)
{
    uint64_t h = 1469598103934665603ull;
    for (; *key; key++) {
        h ^= (unsigned char)*key;
        h *= 1099511628211ull;
    }
    return (size_t)(h % RCACHE_SLOTS);
}

static struct rcache_entry *rcache_thread_table(void)
{
    if (!rcache_table) {
        pthread_once(&rcache_once, rcache_init_key);
        rcache_table = mem_calloc(RCACHE_SLOTS, sizeof *rcache_table);
        pthread_setspecific(rcache_tls_key, rcache_table);
    }
    return rcache_table;
}

long rcache_get(const char *key, void *out, size_t outlen)
{
    if (!atomic_load(&rcache_on))
        return -1;
    struct rcache_entry *e = &rcache_thread_table()[rcache_slot(key)];
    if (!e->key || strcmp(e->key, key) != 0 || e->epoch != atomic_load(&rcache_write_epoch) ||
        time_mono_us() / 1000 - e->stored_ms > RCACHE_TTL_MS || e->len > outlen)
        return -1;
    memcpy(out, e->value, e->len);
    return (long)e->len;
}

void rcache_put(const char *key, const void *value, size_t len, uint64_t epoch)
{
    if (!atomic_load(&rcache_on) || len > RCACHE_VALUE_MAX ||
        epoch != atomic_load(&rcache_write_epoch))
        return;
    struct rcache_entry *e = &rcache_thread_table()[rcache_slot(key)];
    if (!e->key || strcmp(e->key, key) != 0) {
        mem_free(e->key);
        e->key = mem_strdup(key);
    }
    mem_free(e->value);
    e->value = mem_alloc(len ? len : 1);
    memcpy(e->value, value, len);
    e->len = len;
    e->epoch = epoch;
    e->stored_ms = time_mono_us() / 1000;
}
