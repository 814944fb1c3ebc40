/*
 * list.h — the one intrusive doubly-linked list of the runtime (libuv's
 * queue.h and libdill's list.h are the models): a node (gr__link) lives
 * inside the element, a list (gr__list) holds its two ends.
 *
 * Users: the semaphore buckets' waiters (sema.c), the run queues of ws
 * (global queue, LIFO) and ucontext, and pthread's list of live
 * goroutines.  The channel wait queue keeps its own (chan.c): its head is
 * also read lock-free as an atomic hint.
 *
 * Invariants: all-zero storage is an empty list and an unlinked node, so
 * zeroed buckets and structs need no initialisation; a node is on at most
 * one list; head->prev == NULL and tail->next == NULL; removal resets the
 * node to unlinked.  No locking here: every list states its own lock.
 */
#ifndef GR_CORE_LIST_H
#define GR_CORE_LIST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct gr__link {
    struct gr__link *next, *prev;
} gr__link;

typedef struct gr__list {
    gr__link *head, *tail;
} gr__list;

/* The element that holds node `link` as its `member`. */
#define gr__list_entry(link, type, member) ((type *)((char *)(link)-offsetof(type, member)))

static inline bool gr__list_empty(const gr__list *l)
{
    return l->head == NULL;
}

static inline void gr__list_push_back(gr__list *l, gr__link *n)
{
    n->next = NULL;
    n->prev = l->tail;
    if (l->tail)
        l->tail->next = n;
    else
        l->head = n;
    l->tail = n;
}

static inline void gr__list_push_front(gr__list *l, gr__link *n)
{
    n->prev = NULL;
    n->next = l->head;
    if (l->head)
        l->head->prev = n;
    else
        l->tail = n;
    l->head = n;
}

/* Insert n just before at, which is on l. */
static inline void gr__list_insert_before(gr__list *l, gr__link *at, gr__link *n)
{
    n->next = at;
    n->prev = at->prev;
    if (at->prev)
        at->prev->next = n;
    else
        l->head = n;
    at->prev = n;
}

/* Take n, which is on l, off it. */
static inline void gr__list_remove(gr__list *l, gr__link *n)
{
    if (n->prev)
        n->prev->next = n->next;
    else
        l->head = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        l->tail = n->prev;
    n->next = n->prev = NULL;
}

/* Take the first (last) node off l, or NULL when l is empty.  Written
 * out, not as remove(head): these are the run queues' hot path. */
static inline gr__link *gr__list_pop_front(gr__list *l)
{
    gr__link *n = l->head;
    if (n) {
        l->head = n->next;
        if (n->next)
            n->next->prev = NULL;
        else
            l->tail = NULL;
        n->next = NULL; /* n->prev is NULL already: n was the head */
    }
    return n;
}

static inline gr__link *gr__list_pop_back(gr__list *l)
{
    gr__link *n = l->tail;
    if (n) {
        l->tail = n->prev;
        if (n->prev)
            n->prev->next = NULL;
        else
            l->head = NULL;
        n->prev = NULL; /* n->next is NULL already: n was the tail */
    }
    return n;
}

#endif /* GR_CORE_LIST_H */
