/*
 * acceptor.h - the listening socket and the thread that accepts on it.
 *
 * The server accepts connections itself and hands each to libmicrohttpd
 * (server.c), instead of letting libmicrohttpd listen: its way to stop
 * listening while requests finish (MHD_quiesce_daemon with a thread pool
 * on epoll) races with its own worker threads in libmicrohttpd 0.9.75 and
 * can abort the process ("Failed to remove listen FD from epoll set").
 * Closing our own socket stops new connections with no such race.
 */
#ifndef AG_HTTP_ACCEPTOR_H
#define AG_HTTP_ACCEPTOR_H

#include <sys/socket.h>

struct acceptor;

/* Takes ownership of fd, an accepted connection.  Returns 0, or -1 when
 * the connection could not be taken (fd is closed either way). */
typedef int (*acceptor_hand_off)(void *cls, int fd, const struct sockaddr *addr,
                                 socklen_t addrlen);

/* Binds addr (port 0 picks a free one) and listens with the given backlog.
 * Returns the acceptor (owned by the caller, freed by acceptor_close) or
 * NULL with errno set. */
struct acceptor *acceptor_open(const struct sockaddr *addr, socklen_t addrlen, int backlog);
/* The port actually bound. */
int acceptor_port(const struct acceptor *a);
/* Starts the accepting thread; each connection goes to hand_off(cls, ...).
 * Returns 0 or -1. */
int acceptor_start(struct acceptor *a, acceptor_hand_off hand_off, void *cls);
/* Stops accepting and closes the listening socket (new connections are
 * refused from here on), joins the thread and frees a.  NULL is a no-op. */
void acceptor_close(struct acceptor *a);

#endif
