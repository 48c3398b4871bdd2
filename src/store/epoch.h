/*
 * epoch.h - telling the other instances of one PostgreSQL database about
 * this process's writes (private to src/store; the public calls are in
 * store.h).
 *
 * store.c calls store_epoch_publish inside every write transaction, just
 * before its COMMIT (and after a write run outside a transaction), then
 * store_epoch_committed once the commit succeeded.
 */
#ifndef AG_STORE_EPOCH_H
#define AG_STORE_EPOCH_H

#include "store/store.h"

/* Sends the notification of a write on c's open write transaction (it is
 * delivered when the transaction commits).  STORE_OK when done or when
 * there is nobody to tell; else the error (the transaction must then roll
 * back). */
int store_epoch_publish(store_conn *c);
/* After the commit: waits briefly until this process hears its own
 * notification and every other live instance has acknowledged it (their
 * caches are bumped by then). */
void store_epoch_committed(void);

#endif
