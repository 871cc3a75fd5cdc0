"""Prints "same" when the h5ad files argv[1] and argv[2] hold the same cells, genes, X (values
and dtype) and obs columns, as the real anndata reads them; else what differs."""
import sys

import anndata

a, b = anndata.read_h5ad(sys.argv[1]), anndata.read_h5ad(sys.argv[2])
problems = []
if list(a.obs_names) != list(b.obs_names):
    problems.append("cells")
if list(a.var_names) != list(b.var_names):
    problems.append("genes")
if a.X.dtype != b.X.dtype or a.X.shape != b.X.shape or (a.X != b.X).nnz != 0:
    problems.append("X")
if list(a.obs.columns) != list(b.obs.columns) or not a.obs.equals(b.obs):
    problems.append("obs")
print("same" if not problems else "differ: " + ", ".join(problems))
