#ifndef CHDF5_SHIM_H
#define CHDF5_SHIM_H
#include <stdio.h>
#include <hdf5.h>

// HDF5's type and access "constants" are macros that call H5open() and read a global,
// which Swift cannot import; these getters expose them.
static inline hid_t chdf5_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t chdf5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_native_int16(void) { return H5T_NATIVE_INT16; }
static inline hid_t chdf5_native_uint16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t chdf5_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t chdf5_native_uint32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t chdf5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_native_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_native_hbool(void) { return H5T_NATIVE_HBOOL; }
static inline hid_t chdf5_c_s1(void) { return H5T_C_S1; }
static inline hid_t chdf5_std_ref_obj(void) { return H5T_STD_REF_OBJ; }
static inline hid_t chdf5_std_i8le(void) { return H5T_STD_I8LE; }

// The address HDF5 reports for storage not yet allocated.
static inline haddr_t chdf5_haddr_undef(void) { return HADDR_UNDEF; }

static inline unsigned chdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned chdf5_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned chdf5_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned chdf5_acc_excl(void) { return H5F_ACC_EXCL; }

static inline hid_t chdf5_p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t chdf5_p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t chdf5_p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t chdf5_p_dataset_access(void) { return H5P_DATASET_ACCESS; }
static inline hid_t chdf5_p_group_create(void) { return H5P_GROUP_CREATE; }
static inline hid_t chdf5_p_link_create(void) { return H5P_LINK_CREATE; }

// HDF5 prints its error stack to stderr by default; errors are reported as Swift errors instead.
static inline herr_t chdf5_disable_error_printing(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

// Collects the current error stack (innermost first) as "function: description" lines separated by
// "; " into buf, then clears the stack; callers turn it into a Swift error.
struct chdf5_error_buffer { char *buf; size_t cap; size_t len; };
static inline herr_t chdf5_error_walk(unsigned n, const H5E_error2_t *err, void *data) {
    struct chdf5_error_buffer *b = (struct chdf5_error_buffer *)data;
    (void)n;
    if (b->len + 4 >= b->cap) return 0;
    int written = snprintf(b->buf + b->len, b->cap - b->len, "%s%s: %s", b->len ? "; " : "",
                           err->func_name ? err->func_name : "?", err->desc ? err->desc : "");
    if (written > 0) b->len += (size_t)written;
    if (b->len >= b->cap) b->len = b->cap - 1;
    return 0;
}
static inline void chdf5_error_stack(char *buf, size_t cap) {
    struct chdf5_error_buffer b = { buf, cap, 0 };
    if (cap) buf[0] = 0;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, chdf5_error_walk, &b);
    H5Eclear2(H5E_DEFAULT);
}

// Variable-length UTF-8 string type, as h5py and anndata write strings; the caller closes it.
static inline hid_t chdf5_vlen_utf8(void) {
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}
// h5py's bool: an int8 enum FALSE=0, TRUE=1; the caller closes it.
static inline hid_t chdf5_bool_enum(void) {
    hid_t t = H5Tenum_create(H5T_NATIVE_INT8);
    if (t < 0) return t;
    signed char f = 0, tr = 1;
    H5Tenum_insert(t, "FALSE", &f);
    H5Tenum_insert(t, "TRUE", &tr);
    return t;
}
static inline hsize_t chdf5_unlimited(void) { return H5S_UNLIMITED; }
static inline size_t chdf5_variable(void) { return H5T_VARIABLE; }
#endif
