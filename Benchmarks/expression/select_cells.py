#!/usr/bin/env python3
"""Select the benchmark's cell list from an atlas's cell_metadata.csv with the seed workflow's
downsample rules: every cell of clusters under --keep-below cells, then --target minus those
cells sampled uniformly without replacement from all other cells (seed --seed); kept rows first
(file order), then sampled rows (sample order); every metadata column, text unchanged.

    .venv/bin/python Benchmarks/expression/select_cells.py Benchmarks/work/atlas-1x \\
        --target 15000 --output Benchmarks/work/cells-1x.csv

numpy's generator stands in for R's set.seed(42) (the draws differ; the rules are the same).
Prints a JSON summary.
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from atlas_files import metadata_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("atlas", type=Path, help="bucket-shaped atlas folder (releases/, metadata/, ...)")
    ap.add_argument("--output", type=Path, required=True)
    ap.add_argument("--target", type=int, default=15_000)
    ap.add_argument("--keep-below", type=int, default=50)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--cluster", default="cluster_alias")
    args = ap.parse_args()

    path = metadata_path(args.atlas, "WMB-10X", "cell_metadata")
    cells = pd.read_csv(path, dtype=str, keep_default_na=False)
    if args.cluster not in cells.columns:
        raise SystemExit(f"{path}: no column {args.cluster!r}; columns are {list(cells.columns)}")
    sizes = cells[args.cluster].map(cells[args.cluster].value_counts())
    small = (sizes < args.keep_below).to_numpy()
    kept = cells[small]
    rest = cells[~small]
    n_sample = args.target - len(kept)
    if n_sample < 0 or n_sample > len(rest):
        raise SystemExit(f"{path}: target {args.target} cannot be met: {len(kept)} cells in clusters "
                         f"under {args.keep_below}, {len(rest)} others")
    picked = np.random.default_rng(args.seed).choice(len(rest), n_sample, replace=False)
    out = pd.concat([kept, rest.iloc[picked]])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_name(args.output.name + ".tmp")
    out.to_csv(tmp, index=False, lineterminator="\n")
    os.replace(tmp, args.output)
    print(json.dumps({
        "metadata": str(path), "output": str(args.output), "selected": len(out),
        "kept_cells": len(kept), "small_clusters": int(cells.loc[small, args.cluster].nunique()),
        "sampled_cells": n_sample, "clusters": int(cells[args.cluster].nunique()),
        "clusters_represented": int(out[args.cluster].nunique()),
        "matrices": int(out["feature_matrix_label"].nunique()),
    }, indent=2))


if __name__ == "__main__":
    main()
