#ifndef CLINUX_SHIM_H
#define CLINUX_SHIM_H
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

// glibc (2.28 and later) declares renameat2 only under _GNU_SOURCE, which Swift's Glibc module is
// built without; the declaration is repeated here. RENAME_EXCHANGE is 2 in <linux/fs.h>.
int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);

// Swaps two existing paths in one step; -1 with errno ENOENT when one is missing, EINVAL when
// the file system cannot exchange.
static inline int clinux_rename_exchange(const char *a, const char *b) {
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, 2);
}

// Declared, like renameat2, only under _GNU_SOURCE (glibc 2.27 and later).
ssize_t copy_file_range(int fd_in, __off64_t *off_in, int fd_out, __off64_t *off_out, size_t len, unsigned int flags);

// Temporary files a signal must not leave behind (the output of an interrupted write). The
// handler only calls async-signal-safe functions: unlink each path, then die of the signal.
#define CLINUX_TEMPORARY_SLOTS 64
#define CLINUX_TEMPORARY_PATH 4096
// Storage inside a function: Swift emits a header's functions, not its global variables.
static inline char (*clinux_temporaries(void))[CLINUX_TEMPORARY_PATH] {
    static char slots[CLINUX_TEMPORARY_SLOTS][CLINUX_TEMPORARY_PATH];
    return slots;
}

static inline int clinux_track_temporary(const char *path) {
    char (*slots)[CLINUX_TEMPORARY_PATH] = clinux_temporaries();
    if (strlen(path) >= CLINUX_TEMPORARY_PATH) return -1;
    for (int i = 0; i < CLINUX_TEMPORARY_SLOTS; i++) {
        if (slots[i][0] == 0) { strcpy(slots[i], path); return 0; }
    }
    return -1;
}

static inline void clinux_untrack_temporary(const char *path) {
    char (*slots)[CLINUX_TEMPORARY_PATH] = clinux_temporaries();
    for (int i = 0; i < CLINUX_TEMPORARY_SLOTS; i++) {
        if (strcmp(slots[i], path) == 0) slots[i][0] = 0;
    }
}

static inline void clinux_remove_temporaries(void) {
    char (*slots)[CLINUX_TEMPORARY_PATH] = clinux_temporaries();
    for (int i = 0; i < CLINUX_TEMPORARY_SLOTS; i++) {
        if (slots[i][0] != 0) unlink(slots[i]);
    }
}

static void clinux_remove_temporaries_and_die(int sig) {
    clinux_remove_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

// Installs the handler for `sig` and unblocks it in the calling thread (a parent may start us
// with signals blocked or ignored).
static inline int clinux_remove_temporaries_on(int sig) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = clinux_remove_temporaries_and_die;
    sigemptyset(&action.sa_mask);
    if (sigaction(sig, &action, NULL) != 0) return -1;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    return pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}
#endif
