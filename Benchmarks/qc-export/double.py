#!/usr/bin/env python3
"""Writes the h5ad twice over (cells repeated, names suffixed -a/-b): the doubled matrix.

    double.py INPUT.h5ad OUTPUT.h5ad
"""
import sys
import warnings

import anndata

warnings.simplefilter("ignore")
a = anndata.read_h5ad(sys.argv[1])
parts = [a.copy(), a.copy()]
for part, suffix in zip(parts, ("-a", "-b")):
    part.obs_names = [name + suffix for name in part.obs_names]
anndata.concat(parts, axis=0, merge="same").write_h5ad(sys.argv[2])
