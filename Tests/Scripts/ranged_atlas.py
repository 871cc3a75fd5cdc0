"""A small uncompressed atlas for the range-reading tests (deterministic): the demo atlas's
layout, manifest and metadata, with matrices large enough (~1 MB each, 300 nonzeros per cell)
that a selection needs only part of each. Writes OUT/bucket and OUT/cells.csv: every 10th
metadata cell of WMB-10Xv3-MB and WMB-10Xv2-TH, TH's first.

    python ranged_atlas.py OUT
"""
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "reports" / "demo-atlas"))
import generate  # noqa: E402

SPEC = replace(generate.DEMO, n_cells=12_000, n_genes=2_000, nnz_per_cell=300, compression=None,
               markers=False, releases=[("20251031", "20251031")])


def main():
    out = Path(sys.argv[1])
    generate.build_atlas(SPEC, out / "bucket")
    meta = pd.read_csv(out / "bucket/metadata/WMB-10X/20250531/cell_metadata.csv", dtype={"cell_label": str})
    parts = [meta[meta.feature_matrix_label == label].iloc[::10] for label in ["WMB-10Xv2-TH", "WMB-10Xv3-MB"]]
    pd.concat(parts)[["cell_label", "feature_matrix_label"]].to_csv(out / "cells.csv", index=False)


if __name__ == "__main__":
    main()
