#ifndef CLINUX_SHIM_H
#define CLINUX_SHIM_H
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>

// glibc (2.28 and later) declares renameat2 only under _GNU_SOURCE, which Swift's Glibc module is
// built without; the declaration is repeated here. RENAME_EXCHANGE is 2 in <linux/fs.h>.
int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);

// Swaps two existing paths in one step; -1 with errno ENOENT when one is missing, EINVAL when
// the file system cannot exchange.
static inline int clinux_rename_exchange(const char *a, const char *b) {
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, 2);
}
#endif
