#!/usr/bin/env python3
"""The seed workflow's step 3, as its notebook does it: read the cell list; for each
feature_matrix_label in order of first appearance load the whole matrix with
anndata.read_h5ad, keep the listed cells it holds (cell-list order), then
anndata.concat(parts, axis=0, join='outer', merge='same') and write_h5ad.

    .venv/bin/python Benchmarks/expression/seed_pipeline.py Benchmarks/work/atlas-1x \\
        --cells Benchmarks/work/cells-1x.csv --output Benchmarks/work/seed-1x.h5ad

Prints JSON on stdout: wall time (from process start, and of the pipeline alone), peak RSS
(getrusage), cells, genes, matrices, cells not found, nnz.
"""
import time

PROCESS_START = time.monotonic()  # before the imports: they are part of what a user waits for

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
from pathlib import Path  # noqa: E402

import anndata  # noqa: E402
import pandas as pd  # noqa: E402

from atlas_files import matrix_paths  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("atlas", type=Path, help="bucket-shaped atlas folder (releases/, expression_matrices/, ...)")
    ap.add_argument("--cells", type=Path, required=True, help="cell list CSV (cell_label, feature_matrix_label, ...)")
    ap.add_argument("--output", type=Path, required=True)
    ap.add_argument("--kind", default="raw", choices=["raw", "log2"])
    args = ap.parse_args()

    start = time.monotonic()
    paths = matrix_paths(args.atlas, args.kind)
    cell_df = pd.read_csv(args.cells, dtype={"cell_label": str})
    parts, missing, per_matrix = [], 0, []
    for label in cell_df["feature_matrix_label"].unique():
        wanted = cell_df.loc[cell_df["feature_matrix_label"] == label, "cell_label"]
        adata = anndata.read_h5ad(paths[label])
        present = wanted[wanted.isin(adata.obs_names)]
        parts.append(adata[present.to_numpy()].copy())
        missing += len(wanted) - len(present)
        per_matrix.append({"label": label, "requested": len(wanted), "found": len(present)})
        del adata
    combined = anndata.concat(parts, axis=0, join="outer", merge="same")
    combined.write_h5ad(args.output)
    end = time.monotonic()

    print(json.dumps({
        "pipeline": "seed (anndata.read_h5ad whole + concat)",
        "seconds": round(end - start, 3),
        "seconds_with_startup": round(end - PROCESS_START, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cells": combined.n_obs, "genes": combined.n_vars, "matrices": len(parts),
        "missing_cells": missing, "nnz": int(combined.X.nnz), "output": str(args.output),
        "per_matrix": per_matrix,
    }, indent=2))


if __name__ == "__main__":
    main()
