// Reads what a look-up and copy read of one matrix through libhdf5's own read-only S3 driver
// (ROS3, Debian's libhdf5 1.10.8), for comparison with atlasweave's range driver: obs and var
// names, X/indptr, then the values and column indices of the given rows.
//
//   h5cc -o ros3 Benchmarks/remote/ros3.c && ./ros3 URL ROWS.txt
//
// ROWS.txt: one row number per line. Prints one JSON line: seconds, rows, entries read.
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void fail(const char *what) {
    fprintf(stderr, "ros3: %s failed\n", what);
    exit(1);
}

// Reads every string of the dataframe index of group `name` (its `_index` attribute names the dataset).
static hsize_t read_index(hid_t file, const char *name) {
    char index[256], path[600];
    hid_t group = H5Gopen2(file, name, H5P_DEFAULT);
    hid_t attribute = H5Aopen(group, "_index", H5P_DEFAULT);
    hid_t type = H5Aget_type(attribute);
    if (group < 0 || attribute < 0 || type < 0) fail("open the index attribute");
    if (H5Tis_variable_str(type) > 0) {
        char *value = NULL;
        if (H5Aread(attribute, type, &value) < 0) fail("read the index attribute");
        snprintf(index, sizeof index, "%s", value);
        H5free_memory(value);
    } else {
        memset(index, 0, sizeof index);
        if (H5Aread(attribute, type, index) < 0) fail("read the index attribute");
    }
    snprintf(path, sizeof path, "%s/%s", name, index);
    hid_t dataset = H5Dopen2(file, path, H5P_DEFAULT);
    hid_t space = H5Dget_space(dataset);
    hsize_t count = 0;
    H5Sget_simple_extent_dims(space, &count, NULL);
    hid_t memory = H5Tcopy(H5T_C_S1);
    H5Tset_size(memory, H5T_VARIABLE);
    char **strings = calloc(count, sizeof(char *));
    if (H5Dread(dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, strings) < 0) fail("read the index strings");
    H5Dvlen_reclaim(memory, space, H5P_DEFAULT, strings);
    free(strings);
    H5Tclose(memory); H5Sclose(space); H5Dclose(dataset); H5Tclose(type); H5Aclose(attribute); H5Gclose(group);
    return count;
}

// Reads elements [start, end) of a 1-D dataset as `type` into `buffer`.
static void read_span(hid_t dataset, hid_t type, hsize_t start, hsize_t end, void *buffer) {
    hsize_t count = end - start;
    if (count == 0) return;
    hid_t space = H5Dget_space(dataset);
    H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, NULL, &count, NULL);
    hid_t memory = H5Screate_simple(1, &count, NULL);
    if (H5Dread(dataset, type, memory, space, H5P_DEFAULT, buffer) < 0) fail("read a row");
    H5Sclose(memory); H5Sclose(space);
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: ros3 URL ROWS.txt\n"); return 2; }
    FILE *list = fopen(argv[2], "r");
    if (!list) fail("open the row list");
    size_t rows = 0, capacity = 1024;
    long long *row = malloc(capacity * sizeof *row);
    while (fscanf(list, "%lld", &row[rows]) == 1) if (++rows == capacity) row = realloc(row, (capacity *= 2) * sizeof *row);
    fclose(list);

    double start = now();
    H5FD_ros3_fapl_t config = { H5FD_CURR_ROS3_FAPL_T_VERSION, 0, "", "", "" };
    hid_t access = H5Pcreate(H5P_FILE_ACCESS);
    if (H5Pset_fapl_ros3(access, &config) < 0) fail("H5Pset_fapl_ros3");
    hid_t file = H5Fopen(argv[1], H5F_ACC_RDONLY, access);
    if (file < 0) fail("open the file through ROS3");
    hsize_t cells = read_index(file, "obs");
    read_index(file, "var");
    hid_t indptr = H5Dopen2(file, "X/indptr", H5P_DEFAULT);
    long long *offsets = malloc((cells + 1) * sizeof *offsets);
    read_span(indptr, H5T_NATIVE_LLONG, 0, cells + 1, offsets);
    hid_t data = H5Dopen2(file, "X/data", H5P_DEFAULT), indices = H5Dopen2(file, "X/indices", H5P_DEFAULT);
    float *values = malloc(1 << 24);
    int *columns = malloc(1 << 24);
    long long entries = 0;
    for (size_t i = 0; i < rows; i++) {
        long long first = offsets[row[i]], end = offsets[row[i] + 1];
        if (end - first > (1 << 22)) fail("a row of more than 4M entries");
        read_span(data, H5T_NATIVE_FLOAT, first, end, values);
        read_span(indices, H5T_NATIVE_INT, first, end, columns);
        entries += end - first;
    }
    H5Dclose(data); H5Dclose(indices); H5Dclose(indptr); H5Fclose(file); H5Pclose(access);
    printf("{\"seconds\": %.2f, \"rows\": %zu, \"entries\": %lld}\n", now() - start, rows, entries);
    return 0;
}
