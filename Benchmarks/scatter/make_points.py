#!/usr/bin/env python3
"""Write UMAP-shaped points for the scatter benchmark: N points (default 4,042,976, the atlas's
cell count) in 34 classes, each class a few islands, as `OUT_DIR/points.csv` (cell_label, x, y,
class) and the classes' colours as `OUT_DIR/class_colors.csv` (class, class_color), to be joined
as a metadata table is joined with the taxonomy colours.

    make_points.py OUT_DIR [--rows N]

Deterministic (fixed seed); rows are in class order, as the atlas's files are sorted.
"""
import argparse

import numpy as np
import pandas as pd

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--rows", type=int, default=4_042_976)
args = ap.parse_args()

rng = np.random.default_rng(34)
n_classes = 34
weights = rng.lognormal(0, 1, n_classes)
counts = rng.multinomial(args.rows, weights / weights.sum())
classes = [f"{i + 1:02d} class {i + 1}" for i in range(n_classes)]
hues = (np.arange(n_classes) * 0.618034) % 1.0
xs, ys, labels = [], [], []
for i, n in enumerate(counts):
    islands = rng.integers(2, 6)
    center = rng.uniform(-12, 22, 2)
    which = rng.integers(0, islands, n)
    offsets = center + rng.normal(0, 2.5, (islands, 2))
    spread = rng.uniform(0.2, 0.7, (islands, 2))
    xy = offsets[which] + rng.normal(0, 1, (n, 2)) * spread[which]
    xs.append(xy[:, 0]); ys.append(xy[:, 1]); labels.append(np.full(n, i))


def hsv_hex(h, s=0.75, v=0.85):
    h6 = h * 6; k = int(h6); f = h6 - k
    p, q, t = v * (1 - s), v * (1 - s * f), v * (1 - s * (1 - f))
    rgb = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][k % 6]
    return "#" + "".join(f"{int(round(c * 255)):02X}" for c in rgb)


label = np.concatenate(labels)
colors = np.array([hsv_hex(h) for h in hues])
df = pd.DataFrame({"cell_label": np.char.add("cell-", np.arange(args.rows).astype(str)),
                   "x": np.concatenate(xs), "y": np.concatenate(ys), "class": np.array(classes)[label]})
df.to_csv(f"{args.out}/points.csv", index=False, float_format="%.5f", lineterminator="\n")
pd.DataFrame({"class": classes, "class_color": colors}).to_csv(f"{args.out}/class_colors.csv", index=False, lineterminator="\n")
print(f"{args.out}: {args.rows} points in {n_classes} classes")
