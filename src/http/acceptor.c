/*
 * acceptor.c - the listening socket and its accepting thread (see
 * acceptor.h for why the server does not let libmicrohttpd listen).
 *
 * The thread waits in poll() on the listening socket and on a pipe that
 * acceptor_close writes to, so stopping never depends on a connection
 * arriving.
 */
#include "http/acceptor.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/mem.h"

struct acceptor {
    int listen_fd;
    int wake[2]; /* [0] polled by the thread, [1] written by acceptor_close */
    pthread_t thread;
    bool running;
    _Atomic bool stop;
    acceptor_hand_off hand_off;
    void *cls;
};

struct acceptor *acceptor_open(const struct sockaddr *addr, socklen_t addrlen, int backlog)
{
    int fd = socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return NULL;
    int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        (addr->sa_family == AF_INET6 &&
         setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) != 0) ||
        bind(fd, addr, addrlen) != 0 || listen(fd, backlog) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    struct acceptor *a = mem_calloc(1, sizeof *a);
    a->listen_fd = fd;
    if (pipe2(a->wake, O_CLOEXEC) != 0) {
        int e = errno;
        close(fd);
        mem_free(a);
        errno = e;
        return NULL;
    }
    return a;
}

int acceptor_port(const struct acceptor *a)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(a->listen_fd, (struct sockaddr *)&ss, &len) != 0)
        return -1;
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static void *acceptor_main(void *arg)
{
    struct acceptor *a = arg;
    struct pollfd p[2] = {{.fd = a->listen_fd, .events = POLLIN},
                          {.fd = a->wake[0], .events = POLLIN}};
    for (;;) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            log_error("poll on the listening socket failed", "\"errno\":%d", errno);
            break;
        }
        if (p[1].revents || atomic_load(&a->stop) || (p[0].revents & (POLLERR | POLLNVAL)))
            break;
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        int fd = accept4(a->listen_fd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                /* Out of descriptors or memory: let connections end. */
                log_warn("cannot accept a connection", "\"errno\":%d", errno);
                usleep(10000);
            }
            continue; /* EINTR, ECONNABORTED, EAGAIN: nothing to do */
        }
        a->hand_off(a->cls, fd, (struct sockaddr *)&ss, len);
    }
    return NULL;
}

int acceptor_start(struct acceptor *a, acceptor_hand_off hand_off, void *cls)
{
    a->hand_off = hand_off;
    a->cls = cls;
    if (pthread_create(&a->thread, NULL, acceptor_main, a) != 0)
        return -1;
    a->running = true;
    return 0;
}

void acceptor_close(struct acceptor *a)
{
    if (!a)
        return;
    if (a->running) {
        atomic_store(&a->stop, true);
        ssize_t n;
        do
            n = write(a->wake[1], "x", 1);
        while (n < 0 && errno == EINTR);
        if (n != 1) /* cannot happen with an empty pipe; wake poll anyway */
            shutdown(a->listen_fd, SHUT_RDWR);
        pthread_join(a->thread, NULL);
    }
    close(a->listen_fd);
    close(a->wake[0]);
    close(a->wake[1]);
    mem_free(a);
}
