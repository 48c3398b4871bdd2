/*
 * idmap.h - a small map from a string to an id, with a ceiling.
 *
 * Feed imports use it to remember brand, category and store-code ids for
 * the length of one run instead of asking the database on every line.
 * Once AG_PUBLISH_CACHE_MAX keys are held it stops remembering (callers
 * then ask the database): memory stays bounded whatever the feed holds.
 * The map owns copies of its keys; idmap_free releases everything.
 */
#ifndef AG_IDMAP_H
#define AG_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct idmap {
    char **keys;
    int64_t *ids;
    size_t n;
};

void idmap_init(struct idmap *m);
void idmap_free(struct idmap *m);
/* Forgets every key, keeping the table for reuse. */
void idmap_clear(struct idmap *m);
/* 1 and *id when key is known, else 0. */
int idmap_get(const struct idmap *m, const char *key, int64_t *id);
/* Remembers key -> id, replacing the id of a known key (a new key is
 * dropped when the map is full). */
void idmap_put(struct idmap *m, const char *key, int64_t id);

#endif
