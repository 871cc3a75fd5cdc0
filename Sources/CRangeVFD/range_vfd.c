#include "range_vfd.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    void *context;
    range_vfd_read_fn read;
    uint64_t size;
} range_vfd_config;

// The public part first, as every driver lays out its file struct.
typedef struct {
    H5FD_t pub;
    range_vfd_config config;
    haddr_t eoa;
} range_vfd_file;

static hid_t driver_id = -1;

static void *fapl_copy(const void *old) {
    range_vfd_config *copy = malloc(sizeof(range_vfd_config));
    if (copy) memcpy(copy, old, sizeof(range_vfd_config));
    return copy;
}

static herr_t fapl_free(void *fapl) {
    free(fapl);
    return 0;
}

static void *fapl_get(H5FD_t *file) { return fapl_copy(&((range_vfd_file *)file)->config); }

static H5FD_t *file_open(const char *name, unsigned flags, hid_t fapl, haddr_t maxaddr) {
    (void)name; (void)maxaddr;
    if (flags & (H5F_ACC_RDWR | H5F_ACC_TRUNC | H5F_ACC_CREAT)) return NULL; // read-only driver
    const range_vfd_config *config = H5Pget_driver_info(fapl);
    if (!config || !config->read) return NULL;
    range_vfd_file *file = calloc(1, sizeof(range_vfd_file));
    if (!file) return NULL;
    file->config = *config;
    return &file->pub;
}

static herr_t file_close(H5FD_t *file) {
    free(file);
    return 0;
}

// Two opens of the same remote file share one context.
static int file_cmp(const H5FD_t *a, const H5FD_t *b) {
    const void *x = ((const range_vfd_file *)a)->config.context, *y = ((const range_vfd_file *)b)->config.context;
    return x < y ? -1 : (x > y ? 1 : 0);
}

// The features sec2 reports for reading: metadata accumulation merges libhdf5's small reads.
static herr_t file_query(const H5FD_t *file, unsigned long *flags) {
    (void)file;
    if (flags) *flags = H5FD_FEAT_AGGREGATE_METADATA | H5FD_FEAT_ACCUMULATE_METADATA | H5FD_FEAT_DATA_SIEVE | H5FD_FEAT_AGGREGATE_SMALLDATA;
    return 0;
}

static haddr_t get_eoa(const H5FD_t *file, H5FD_mem_t type) { (void)type; return ((const range_vfd_file *)file)->eoa; }

static herr_t set_eoa(H5FD_t *file, H5FD_mem_t type, haddr_t address) {
    (void)type;
    ((range_vfd_file *)file)->eoa = address;
    return 0;
}

static haddr_t get_eof(const H5FD_t *file, H5FD_mem_t type) { (void)type; return (haddr_t)((const range_vfd_file *)file)->config.size; }

static herr_t file_read(H5FD_t *_file, H5FD_mem_t type, hid_t dxpl, haddr_t address, size_t size, void *buffer) {
    (void)type; (void)dxpl;
    range_vfd_file *file = (range_vfd_file *)_file;
    char message[512] = "read failed";
    if (address == HADDR_UNDEF || address + size > file->config.size) {
        // Past the end: zeros, as sec2 returns for reads beyond EOF.
        uint64_t end = file->config.size;
        size_t inside = address < end ? (size_t)(end - address) : 0;
        if (inside > size) inside = size;
        memset((char *)buffer + inside, 0, size - inside);
        size = inside;
        if (size == 0) return 0;
    }
    if (file->config.read(file->config.context, (uint64_t)address, size, buffer, message, sizeof message) != 0) {
        message[sizeof message - 1] = 0;
        H5Epush2(H5E_DEFAULT, __FILE__, "range_vfd_read", __LINE__, H5E_ERR_CLS, H5E_VFL, H5E_READERROR, "%s", message);
        return -1;
    }
    return 0;
}

static herr_t file_write(H5FD_t *file, H5FD_mem_t type, hid_t dxpl, haddr_t address, size_t size, const void *buffer) {
    (void)file; (void)type; (void)dxpl; (void)address; (void)size; (void)buffer;
    return -1;
}

static const H5FD_class_t range_vfd_class = {
    .name = "atlasweave_range",
    .maxaddr = (haddr_t)(((uint64_t)1 << 63) - 1),
    .fc_degree = H5F_CLOSE_WEAK,
    .fapl_size = sizeof(range_vfd_config),
    .fapl_get = fapl_get,
    .fapl_copy = fapl_copy,
    .fapl_free = fapl_free,
    .open = file_open,
    .close = file_close,
    .cmp = file_cmp,
    .query = file_query,
    .get_eoa = get_eoa,
    .set_eoa = set_eoa,
    .get_eof = get_eof,
    .read = file_read,
    .write = file_write,
    .fl_map = H5FD_FLMAP_DICHOTOMY,
};

hid_t range_vfd_id(void) {
    if (driver_id < 0 || H5Iis_valid(driver_id) <= 0) driver_id = H5FDregister(&range_vfd_class);
    return driver_id;
}

herr_t range_vfd_set_fapl(hid_t fapl, void *context, range_vfd_read_fn read, uint64_t size) {
    hid_t id = range_vfd_id();
    if (id < 0) return -1;
    range_vfd_config config = { context, read, size };
    return H5Pset_driver(fapl, id, &config);
}
