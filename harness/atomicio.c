/* atomicio.c — temp + fsync + rename for files and directories.
 * Invariants: see atomicio.h. */
#define _GNU_SOURCE
#include "atomicio.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void fsync_dir_of(const char *path)
{
    char *d = xstrdup(path);
    int fd = open(dirname(d), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(d);
}

int afile_open(afile *a, const char *path)
{
    a->path = xstrdup(path);
    a->tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
    a->f = fopen(a->tmp, "w");
    if (!a->f) {
        int e = errno;
        err("cannot write %s: %s", a->tmp, strerror(e));
        free(a->path);
        free(a->tmp);
        a->path = a->tmp = NULL;
        return -1;
    }
    return 0;
}

int afile_commit(afile *a)
{
    int rc = 0;
    if (fflush(a->f) != 0 || ferror(a->f))
        rc = err("write error on %s", a->tmp);
    if (rc == 0 && fsync(fileno(a->f)) != 0)
        rc = err("fsync %s: %s", a->tmp, strerror(errno));
    if (fclose(a->f) != 0 && rc == 0)
        rc = err("close %s: %s", a->tmp, strerror(errno));
    a->f = NULL;
    if (rc == 0 && rename(a->tmp, a->path) != 0)
        rc = err("rename %s -> %s: %s", a->tmp, a->path, strerror(errno));
    if (rc != 0)
        unlink(a->tmp);
    else
        fsync_dir_of(a->path);
    free(a->path);
    free(a->tmp);
    a->path = a->tmp = NULL;
    return rc;
}

void afile_abort(afile *a)
{
    if (a->f)
        fclose(a->f);
    if (a->tmp)
        unlink(a->tmp);
    free(a->path);
    free(a->tmp);
    a->f = NULL;
    a->path = a->tmp = NULL;
}

int atomic_write(const char *path, const char *data, size_t len)
{
    afile a;
    if (afile_open(&a, path) != 0)
        return -1;
    if (len && fwrite(data, 1, len, a.f) != len) {
        afile_abort(&a);
        return err("write error on %s", path);
    }
    return afile_commit(&a);
}

char *dir_begin(const char *parent, const char *name)
{
    if (mkdir_p(parent) != 0)
        return NULL;
    char *t = xasprintf("%s/.tmp-%s-%ld", parent, name, (long)getpid());
    rm_rf(t); /* a stale one from a crashed run with the same pid */
    if (mkdir(t, 0777) != 0) {
        err("mkdir %s: %s", t, strerror(errno));
        free(t);
        return NULL;
    }
    return t;
}

int dir_commit(const char *tmp, const char *final)
{
    if (path_exists(final))
        return err("%s already exists; refusing to replace it", final);
    if (rename(tmp, final) != 0)
        return err("rename %s -> %s: %s", tmp, final, strerror(errno));
    fsync_dir_of(final);
    return 0;
}

int dir_replace(const char *tmp, const char *final)
{
    char *old = NULL;
    if (path_exists(final)) {
        old = xasprintf("%s.old-%ld", final, (long)getpid());
        rm_rf(old);
        if (rename(final, old) != 0) {
            int e = errno;
            free(old);
            return err("rename %s: %s", final, strerror(e));
        }
    }
    if (rename(tmp, final) != 0) {
        int e = errno;
        if (old) {
            rename(old, final);
            free(old);
        }
        return err("rename %s -> %s: %s", tmp, final, strerror(e));
    }
    if (old) {
        rm_rf(old);
        free(old);
    }
    fsync_dir_of(final);
    return 0;
}
