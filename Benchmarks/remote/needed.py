#!/usr/bin/env python3
"""What a cell list needs of each matrix it touches, read with h5py: the chosen rows' values and
column indices (from X/indptr), X/indptr itself, every obs and var dataset, and HDF5's own
metadata (everything in the file that is no dataset's storage). Prints JSON: per matrix and in
total, with the file sizes.

The metadata is split by how it grows, for the projection of the real run (report.py):
- `obs_heaps`, `var_heaps`: the global heap collections holding the strings of obs's and var's
  variable-length string datasets (cell labels and barcodes grow with cells; gene ids and symbols
  with matrices). A variable-length element's storage in its dataset is 16 bytes (length u32,
  heap collection address u64, object index u32); the strings themselves live in global heap
  collections ("GCOL" signature, version, 3 reserved bytes, then the collection's size as u64:
  libhdf5 reads a collection whole, so the whole size counts). The collections are found from
  the elements' addresses read out of each (contiguous) dataset's storage in the file, and their
  sizes read from their headers. A collection shared by datasets of several groups (where one
  group's strings end and the next one's begin, libhdf5 puts them in the same collection) is
  split by the bytes of the objects each group keeps in it: 16-byte object header plus the string
  padded to 8 bytes.
- `file_metadata`: the rest (superblock, object headers, local heaps, uns's strings, and most of
  it the chunk B-trees of X/data and X/indices, which grow with the matrix).

    .venv/bin/python Benchmarks/remote/needed.py ATLAS CELLS.csv
"""
from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

import h5py
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "expression"))
from atlas_files import matrix_paths  # noqa: E402


def storage(group: h5py.Group) -> int:
    total = 0

    def visit(_, obj):
        nonlocal total
        if isinstance(obj, h5py.Dataset):
            total += obj.id.get_storage_size()
    group.visititems(visit)
    return total


VLEN_ELEMENT = np.dtype([("length", "<u4"), ("collection", "<u8"), ("index", "<u4")])


def string_heaps(f: h5py.File, path: Path) -> dict[str, float]:
    """The bytes of the global heap collections holding the variable-length strings, by the
    top-level group whose datasets point into them (see the module's docstring)."""
    datasets: list[h5py.Dataset] = []

    def visit(_, obj):
        if isinstance(obj, h5py.Dataset) and h5py.check_vlen_dtype(obj.dtype) is not None:
            datasets.append(obj)
    f.visititems(visit)
    kept: dict[int, dict[str, int]] = {}  # collection address -> group -> object bytes kept there
    with open(path, "rb") as raw:
        for dataset in datasets:
            if dataset.id.get_offset() is None:
                if dataset.id.get_storage_size() == 0:
                    continue
                raise SystemExit(f"{path}: {dataset.name}: variable-length strings in chunked storage are not measured")
            raw.seek(dataset.id.get_offset())
            elements = np.frombuffer(raw.read(dataset.id.get_storage_size()), dtype=VLEN_ELEMENT)
            group = dataset.name.split("/")[1]
            object_bytes = 16 + (elements["length"].astype(np.int64) + 7) // 8 * 8
            for collection, count in pd.Series(object_bytes).groupby(elements["collection"]).sum().items():
                per_group = kept.setdefault(int(collection), {})
                per_group[group] = per_group.get(group, 0) + int(count)
        heaps: dict[str, float] = {}
        for collection, per_group in kept.items():
            raw.seek(collection)
            header = raw.read(16)
            if header[:4] != b"GCOL":
                raise SystemExit(f"{path}: no global heap collection at byte {collection}")
            size = struct.unpack("<Q", header[8:16])[0]
            for group, count in per_group.items():
                heaps[group] = heaps.get(group, 0) + size * count / sum(per_group.values())
        return heaps


def needs(path: Path, cells: list[str]) -> dict:
    with h5py.File(path, "r") as f:
        names = pd.Index(f["obs"][f["obs"].attrs["_index"]].asstr()[:])
        rows = names.get_indexer(pd.Index(cells))
        rows = np.unique(rows[rows >= 0])
        indptr = f["X/indptr"][:]
        per_entry = f["X/data"].dtype.itemsize + f["X/indices"].dtype.itemsize
        x = int((indptr[rows + 1] - indptr[rows]).sum()) * per_entry
        everything = storage(f)
        metadata = path.stat().st_size - everything
        heaps = string_heaps(f, path)
        obs_heaps, var_heaps = round(heaps.get("obs", 0)), round(heaps.get("var", 0))
        return {"file": path.name, "size": path.stat().st_size, "cells": len(names), "selected": int(len(rows)),
                "x": x, "indptr": f["X/indptr"].id.get_storage_size(), "obs": storage(f["obs"]), "var": storage(f["var"]),
                "metadata": metadata, "obs_heaps": obs_heaps, "var_heaps": var_heaps,
                "file_metadata": metadata - obs_heaps - var_heaps, "nnz": int(indptr[-1])}


def main() -> None:
    atlas, cells_csv = Path(sys.argv[1]), Path(sys.argv[2])
    cells = pd.read_csv(cells_csv, dtype=str, usecols=["cell_label", "feature_matrix_label"])
    paths = matrix_paths(atlas)
    per = [needs(paths[label], list(group.cell_label)) for label, group in cells.groupby("feature_matrix_label", sort=False)]
    for entry in per:
        entry["needed"] = entry["x"] + entry["indptr"] + entry["obs"] + entry["var"] + entry["metadata"]
    keys = ["size", "cells", "selected", "x", "indptr", "obs", "var", "metadata", "obs_heaps", "var_heaps", "file_metadata", "needed", "nnz"]
    total = {k: sum(e[k] for e in per) for k in keys}
    print(json.dumps({"matrices": per, "total": total}, indent=1))


if __name__ == "__main__":
    main()
