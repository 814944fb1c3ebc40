/*
 * sync_types.h — the layouts behind the opaque gr_waitgroup, gr_mutex,
 * gr_rwmutex, gr_once and gr_cond storage of gr.h.  All-zero is the
 * initial state of each (Go's zero values); static asserts keep every
 * layout inside its public size.
 */
#ifndef GR_CORE_SYNC_TYPES_H
#define GR_CORE_SYNC_TYPES_H

#include "gr.h"
#include "sema.h"

#include <stdatomic.h>
#include <stdint.h>

/* Go's sync.Mutex: state = locked | woken | starving | waiters << 3. */
typedef struct mutex_s {
    _Atomic int32_t state;
    _Atomic uint32_t sema;
} mutex_s;

typedef struct rwmutex_s {
    mutex_s w;                    /* held by a writer, pending or active */
    _Atomic uint32_t writer_sem;  /* a writer waits here for departing readers */
    _Atomic uint32_t reader_sem;  /* readers wait here for the writer */
    _Atomic int32_t reader_count; /* readers; minus RW_MAX while a writer is pending */
    _Atomic int32_t reader_wait;  /* readers the pending writer still waits for */
    _Atomic uint32_t writer_held; /* 1 while a writer holds the lock (for EPERM) */
} rwmutex_s;

typedef struct waitgroup_s {
    _Atomic uint64_t state; /* counter << 32 | waiters */
    _Atomic uint32_t sema;
} waitgroup_s;

typedef struct once_s {
    _Atomic uint32_t done;
    mutex_s m;
} once_s;

typedef struct cond_s {
    gr__notify list;
} cond_s;

_Static_assert(sizeof(mutex_s) <= sizeof(gr_mutex), "gr_mutex too small");
_Static_assert(sizeof(rwmutex_s) <= sizeof(gr_rwmutex), "gr_rwmutex too small");
_Static_assert(sizeof(waitgroup_s) <= sizeof(gr_waitgroup), "gr_waitgroup too small");
_Static_assert(sizeof(once_s) <= sizeof(gr_once), "gr_once too small");
_Static_assert(sizeof(cond_s) <= sizeof(gr_cond), "gr_cond too small");

void gr__mutex_lock(mutex_s *m);
int gr__mutex_unlock(mutex_s *m);
bool gr__mutex_trylock(mutex_s *m);

#endif /* GR_CORE_SYNC_TYPES_H */
