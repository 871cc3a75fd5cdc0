#!/usr/bin/env python3
"""What a cell list needs of each matrix it touches, read with h5py: the chosen rows' values and
column indices (from X/indptr), X/indptr itself, every obs and var dataset, and HDF5's own
metadata (everything in the file that is no dataset's storage: superblock, object headers,
B-trees, heaps, the strings of variable-length columns). Prints JSON: per matrix and in total,
with the file sizes.

    .venv/bin/python Benchmarks/remote/needed.py ATLAS CELLS.csv
"""
from __future__ import annotations

import json
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
        return {"file": path.name, "size": path.stat().st_size, "cells": len(names), "selected": int(len(rows)),
                "x": x, "indptr": f["X/indptr"].id.get_storage_size(), "obs": storage(f["obs"]), "var": storage(f["var"]),
                "metadata": metadata, "nnz": int(indptr[-1])}


def main() -> None:
    atlas, cells_csv = Path(sys.argv[1]), Path(sys.argv[2])
    cells = pd.read_csv(cells_csv, dtype=str, usecols=["cell_label", "feature_matrix_label"])
    paths = matrix_paths(atlas)
    per = [needs(paths[label], list(group.cell_label)) for label, group in cells.groupby("feature_matrix_label", sort=False)]
    for entry in per:
        entry["needed"] = entry["x"] + entry["indptr"] + entry["obs"] + entry["var"] + entry["metadata"]
    keys = ["size", "cells", "selected", "x", "indptr", "obs", "var", "metadata", "needed", "nnz"]
    total = {k: sum(e[k] for e in per) for k in keys}
    print(json.dumps({"matrices": per, "total": total}, indent=1))


if __name__ == "__main__":
    main()
