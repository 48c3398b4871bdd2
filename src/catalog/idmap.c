/*
 * idmap.c - open addressing with linear probing (see idmap.h).  The table
 * has twice as many slots as keys allowed, so probes stay short.
 */
#include "catalog/idmap.h"

#include <string.h>

#include "core/limits.h"
#include "core/mem.h"

#define IDMAP_SLOTS (AG_PUBLISH_CACHE_MAX * 2)

static uint64_t idmap_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static size_t idmap_slot(const struct idmap *m, const char *key)
{
    size_t i = (size_t)(idmap_hash(key) % IDMAP_SLOTS);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) % IDMAP_SLOTS;
    return i;
}

void idmap_init(struct idmap *m)
{
    m->keys = mem_calloc(IDMAP_SLOTS, sizeof *m->keys);
    m->ids = mem_calloc(IDMAP_SLOTS, sizeof *m->ids);
    m->n = 0;
}

void idmap_free(struct idmap *m)
{
    for (size_t i = 0; m->keys && i < IDMAP_SLOTS; i++)
        mem_free(m->keys[i]);
    mem_free(m->keys);
    mem_free(m->ids);
    m->keys = NULL;
    m->ids = NULL;
    m->n = 0;
}

void idmap_clear(struct idmap *m)
{
    for (size_t i = 0; m->n && i < IDMAP_SLOTS; i++) {
        if (m->keys[i]) {
            mem_free(m->keys[i]);
            m->keys[i] = NULL;
            m->n--;
        }
    }
}

int idmap_get(const struct idmap *m, const char *key, int64_t *id)
{
    size_t i = idmap_slot(m, key);
    if (!m->keys[i])
        return 0;
    *id = m->ids[i];
    return 1;
}

void idmap_put(struct idmap *m, const char *key, int64_t id)
{
    size_t i = idmap_slot(m, key);
    if (m->keys[i]) {
        m->ids[i] = id;
        return;
    }
    if (m->n >= AG_PUBLISH_CACHE_MAX)
        return;
    m->keys[i] = mem_strdup(key);
    m->ids[i] = id;
    m->n++;
}
