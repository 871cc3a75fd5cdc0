#ifndef ATLASWEAVE_SANITIZER_HOOKS_H
#define ATLASWEAVE_SANITIZER_HOOKS_H

// ThreadSanitizer's annotations, declared weak: they resolve only in a program linked with
// TSan's runtime (scripts/sanitize thread) and are null, and skipped, everywhere else.
extern void __tsan_acquire(void *address) __attribute__((weak));
extern void __tsan_release(void *address) __attribute__((weak));

static inline void atlasweave_tsan_acquire(void *address) {
    if (__tsan_acquire) __tsan_acquire(address);
}

static inline void atlasweave_tsan_release(void *address) {
    if (__tsan_release) __tsan_release(address);
}

#endif
