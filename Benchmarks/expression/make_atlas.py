#!/usr/bin/env python3
"""Build the synthetic atlas for the expression benchmark: the public bucket's layout and
manifest, 300,000 cells over the 24 WMB matrices, 32,285 genes, ~1,200 nonzeros per cell,
written by the real anndata as uncompressed CSR float32 (~3 GB at --scale 1).

    .venv/bin/python Benchmarks/expression/make_atlas.py Benchmarks/work/atlas-1x
    .venv/bin/python Benchmarks/expression/make_atlas.py Benchmarks/work/atlas-2x --scale 2

--scale multiplies the cells of every matrix (2.0: every matrix doubles); --cells sets the
metadata cell count before scaling. One matrix is built in memory at a time (~240 MB of CSR for
the largest at --scale 1), so memory stays far below the atlas size. Prints a JSON summary with
the time taken.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "reports" / "demo-atlas"))
import generate  # noqa: E402  (the demo atlas generator: same layout, metadata and manifests)

BENCHMARK = replace(
    generate.DEMO,
    n_cells=300_000, n_genes=32_285, nnz_per_cell=1_200,
    small_clusters=300, large_clusters=20, large_range=(2_000, 6_000), medium_extra=200,
    min_cells_per_matrix=25, extra_cells_max=20, compression=None, markers=False,
    seed=20251126, releases=[("20251031", "20251031")], log2=False,
)


def spec_for(cells: int, scale: float) -> generate.AtlasSpec:
    """Scale cluster sizes with the cell count so the size distribution keeps its shape."""
    factor = cells * scale / BENCHMARK.n_cells
    lo, hi = BENCHMARK.large_range
    return replace(
        BENCHMARK,
        n_cells=int(round(cells * scale)),
        small_clusters=max(5, int(round(BENCHMARK.small_clusters * min(1.0, factor)))),
        large_range=(max(60, int(lo * factor)), max(120, int(hi * factor))),
        medium_extra=max(5.0, (50 + BENCHMARK.medium_extra) * factor - 50),
        min_cells_per_matrix=max(5, int(BENCHMARK.min_cells_per_matrix * min(1.0, factor))),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path, help="folder to write (its bucket-shaped content is replaced)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the cells of every matrix")
    ap.add_argument("--cells", type=int, default=BENCHMARK.n_cells, help="metadata cells before scaling")
    ap.add_argument("--seed", type=int, default=BENCHMARK.seed)
    ap.add_argument("--nnz-per-cell", type=float, default=BENCHMARK.nnz_per_cell, help="mean nonzeros per cell")
    args = ap.parse_args()
    spec = replace(spec_for(args.cells, args.scale), seed=args.seed, nnz_per_cell=args.nnz_per_cell)
    for sub in ["releases", "metadata", "expression_matrices"]:
        shutil.rmtree(args.out / sub, ignore_errors=True)
    start = time.monotonic()
    summary = generate.build_atlas(spec, args.out, log=lambda m: print(m, file=sys.stderr, flush=True))
    seconds = time.monotonic() - start
    sizes = summary["cluster_sizes"]
    total = int(subprocess.run(["du", "-sb", str(args.out)], capture_output=True, text=True).stdout.split()[0])
    print(json.dumps({
        "out": str(args.out), "seconds": round(seconds, 1), "bytes": total,
        "cells": summary["cells"], "genes": summary["genes"], "clusters": summary["clusters"],
        "clusters_under_50": int((sizes < 50).sum()), "cells_in_clusters_under_50": int(sizes[sizes < 50].sum()),
        "missing_from_metadata": sum(summary["missing_from_metadata"].values()),
        "release": spec.releases[-1][0],
    }, indent=2))


if __name__ == "__main__":
    main()
