#!/usr/bin/env python3
"""What abc_atlas_access's `anndata_utils.get_gene_data` does, on a bucket-shaped atlas folder:
cells grouped by (dataset_label, feature_matrix_label); each matrix opened with
`anndata.read_h5ad(backed="r")`; a loop over `chunked_X(8192)` that keeps the listed cells and the
panel's genes (masks) and fills one all-cells array, whose dtype is the first chunk's (the
November 2025 memory fix); a cells x symbols DataFrame at the end, written as CSV.

    .venv/bin/python Benchmarks/genes/get_gene_data.py ATLAS --genes Slc17a7,Tac2 --output out.csv

Prints JSON: wall time (from process start and of the work alone), peak RSS (getrusage), cells,
genes, and a checksum of the values for comparing with atlasweave's table.
"""
import time

PROCESS_START = time.monotonic()  # before the imports: they are part of what a user waits for

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import anndata  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "expression"))
from atlas_files import matrix_paths, metadata_path  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("atlas", type=Path)
    ap.add_argument("--genes", required=True, help="comma-separated gene symbols")
    ap.add_argument("--kind", default="raw", choices=["raw", "log2"])
    ap.add_argument("--chunk-size", type=int, default=8192)
    ap.add_argument("--output", type=Path, required=True)
    args = ap.parse_args()
    start = time.monotonic()

    cells = pd.read_csv(metadata_path(args.atlas, "WMB-10X", "cell_metadata"), dtype={"cell_label": str},
                        index_col="cell_label")
    genes = pd.read_csv(metadata_path(args.atlas, "WMB-10X", "gene"), index_col="gene_identifier")
    selected = args.genes.split(",")
    gene_mask = np.isin(genes.gene_symbol, selected)
    panel = genes[gene_mask]
    paths = matrix_paths(args.atlas, args.kind)
    position = pd.Series(np.arange(len(cells)), index=cells.index)
    values = None
    for (_, label), group in cells.groupby(["dataset_label", "feature_matrix_label"]):
        adata = anndata.read_h5ad(paths[label], backed="r")
        columns = adata.var_names.get_indexer(panel.index)  # the panel in gene.csv order
        obs_names = adata.obs_names
        for chunk, lo, hi in adata.chunked_X(chunk_size=args.chunk_size):
            names = obs_names[lo:hi]
            cell_mask = names.isin(group.index)
            if values is None:
                values = np.zeros((len(cells), len(panel)), dtype=chunk.dtype)
            picked = chunk[cell_mask][:, columns]
            values[position[names[cell_mask]].to_numpy()] = picked.toarray()
        adata.file.close()
        del adata
    table = pd.DataFrame(values, index=cells.index, columns=panel.gene_symbol.to_numpy())
    table.to_csv(args.output)
    end = time.monotonic()
    print(json.dumps({
        "pipeline": "get_gene_data (read_h5ad backed, chunked_X, masks, DataFrame)",
        "seconds": round(end - start, 3), "seconds_with_startup": round(end - PROCESS_START, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cells": int(table.shape[0]), "genes": list(table.columns),
        "value_sum": float(table.to_numpy(dtype=np.float64).sum()),
    }, indent=2))


if __name__ == "__main__":
    main()
