// HDF5Kit module: see the developers' design.
