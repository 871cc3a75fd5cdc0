#ifndef RANGE_VFD_H
#define RANGE_VFD_H
#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

// A read-only HDF5 virtual file driver whose reads are answered by a callback: atlasweave serves
// them from a sparse local cache of a remote file, fetching missing bytes by HTTP Range.
//
// The callback fills `buffer` with `size` bytes at `address` and returns 0, or writes a message
// into `message` (at most `capacity` bytes, NUL-terminated) and returns -1; the driver then puts
// that message on the HDF5 error stack.
typedef int (*range_vfd_read_fn)(void *context, uint64_t address, size_t size, void *buffer, char *message, size_t capacity);

// The driver's id, registering it on first use (negative on failure).
hid_t range_vfd_id(void);

// Makes `fapl` open files through the driver: reads go to `read` with `context`, and the file is
// `size` bytes long. `context` must outlive every file opened with the property list.
herr_t range_vfd_set_fapl(hid_t fapl, void *context, range_vfd_read_fn read, uint64_t size);
#endif
