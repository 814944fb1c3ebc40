/*
 * capture.c — forked children with captured output and a timeout (capture.h).
 */
#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double sc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int sc_fork(sc_child *c)
{
    char tmpl[] = "/tmp/gr-child-out-XXXXXX";
    c->fd = mkstemp(tmpl);
    if (c->fd < 0)
        return -1;
    unlink(tmpl);
    fflush(NULL);
    c->pid = fork();
    if (c->pid < 0) {
        int e = errno;
        close(c->fd);
        errno = e;
        return -1;
    }
    if (c->pid == 0) {
        setpgid(0, 0);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        dup2(c->fd, 1);
        dup2(c->fd, 2);
        setvbuf(stdout, NULL, _IONBF, 0);
        return 1;
    }
    setpgid(c->pid, c->pid); /* also from the parent, so a kill cannot miss */
    return 0;
}

bool sc_wait(sc_child *c, double timeout_s, int *status, double *seconds)
{
    double t0 = sc_now();
    bool timed_out = false;
    long nap_us = 50;
    *status = 0;
    for (;;) {
        pid_t w = waitpid(c->pid, status, WNOHANG);
        if (w == c->pid || (w < 0 && errno != EINTR))
            break;
        if (sc_now() - t0 > timeout_s) {
            timed_out = true;
            kill(-c->pid, SIGKILL);
            kill(c->pid, SIGKILL);
            while (waitpid(c->pid, status, 0) < 0 && errno == EINTR) {
            }
            break;
        }
        usleep((useconds_t)nap_us);
        if (nap_us < 10000)
            nap_us *= 2;
    }
    if (seconds)
        *seconds = sc_now() - t0;
    return timed_out;
}

char *sc_output(sc_child *c)
{
    off_t len = lseek(c->fd, 0, SEEK_END);
    char *s = malloc(len > 0 ? (size_t)len + 1 : 1);
    if (s) {
        ssize_t got = len > 0 ? pread(c->fd, s, (size_t)len, 0) : 0;
        s[got > 0 ? got : 0] = '\0';
    }
    close(c->fd);
    c->fd = -1;
    return s;
}
