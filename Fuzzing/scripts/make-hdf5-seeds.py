"""Writes the hdf5 target's seeds: small h5ad-shaped files (a chunked 1-D matrix `data` and
variable-length string names), each prefixed by the 8-byte little-endian address of the
chunked dataset's object header, which the target's B-tree walk starts from."""
import io
import struct
import sys

import h5py
import numpy as np

out = sys.argv[1]
for name, rows, chunk in [("small", 40, 8), ("deep", 600, 4)]:
    buffer = io.BytesIO()
    with h5py.File(buffer, "w", libver="earliest") as f:
        f.attrs["encoding-type"] = "anndata"
        x = f.create_group("X")
        x.create_dataset("data", data=np.arange(rows, dtype=np.float32), chunks=(chunk,))
        x.create_dataset("indices", data=np.arange(rows, dtype=np.int32), chunks=(chunk,))
        names = [f"cell_{i}" for i in range(rows // 4)]
        f.create_dataset("obs/_index", data=names, dtype=h5py.string_dtype())
        header = h5py.h5o.get_info(x["data"].id).addr
    with open(f"{out}/{name}", "wb") as seed:
        seed.write(struct.pack("<Q", header) + buffer.getvalue())
