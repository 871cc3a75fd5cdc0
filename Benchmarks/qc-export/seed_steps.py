#!/usr/bin/env python3
"""The seed workflow's step 4, as its notebook does it, on one h5ad:

    seed_steps.py qc     INPUT.h5ad OUTPUT.h5ad   # read_h5ad, calculate_qc_metrics(qc_vars=["mt"]), write_h5ad
    seed_steps.py export INPUT.h5ad FOLDER        # read_h5ad, mmwrite of the CSC matrix (cells as rows),
                                                  # barcodes.tsv / features.tsv joined with '\\n', obs and var CSVs

The `mt` set is the genes whose gene_symbol starts with mt- (what `qc` is given). Prints the
wall time from process start (imports included: a user waits for them too).
"""
import time

PROCESS_START = time.monotonic()

import os  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import anndata  # noqa: E402
import scipy.io  # noqa: E402

warnings.simplefilter("ignore")


def qc(source: str, output: str) -> None:
    import scanpy as sc

    adata = anndata.read_h5ad(source)
    # The expression stage writes int64 indptr beside int32 indices, which scipy's
    # eliminate_zeros (called by scanpy) refuses: one index dtype first.
    adata.X.indices = adata.X.indices.astype(adata.X.indptr.dtype)
    adata.var["mt"] = adata.var["gene_symbol"].str.contains("^mt-")
    sc.pp.calculate_qc_metrics(adata, qc_vars=["mt"], inplace=True)
    adata.write_h5ad(output)


def export(source: str, folder: str) -> None:
    adata = anndata.read_h5ad(source)
    os.makedirs(folder, exist_ok=True)
    scipy.io.mmwrite(os.path.join(folder, "expression_matrix.mtx"), adata.X.tocsc())
    with open(os.path.join(folder, "barcodes.tsv"), "w") as f:
        f.write("\n".join(adata.obs_names))
    with open(os.path.join(folder, "features.tsv"), "w") as f:
        f.write("\n".join(adata.var_names))
    adata.obs.to_csv(os.path.join(folder, "cell_metadata.csv"))
    adata.var.to_csv(os.path.join(folder, "gene_metadata.csv"))


if __name__ == "__main__":
    {"qc": qc, "export": export}[sys.argv[1]](sys.argv[2], sys.argv[3])
    print(f"{time.monotonic() - PROCESS_START:.2f}")
