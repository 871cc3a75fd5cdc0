#!/usr/bin/env python3
"""The reference for the scatter benchmark: matplotlib's scatter as notebook 1 of the seed calls
it (s=0.5, marker '.', one colour per point from the class colour column, limits, no ticks),
saved as a PNG of the same pixel size as atlasweave's raster. Times drawing + saving only (the
CSV is read first, untimed) for every point and for every 10th point, and prints
"matplotlib <points> <seconds>" lines.

    matplotlib_scatter.py DIR [--pixels 800]     (DIR holds make_points.py's files; PNGs go there)
"""
import argparse
import time

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("--pixels", type=int, default=800)
args = ap.parse_args()
df = pd.read_csv(f"{args.dir}/points.csv").merge(pd.read_csv(f"{args.dir}/class_colors.csv"), on="class", how="left")

for step, name in ((1, "all"), (10, "every10th")):
    sub = df.iloc[::step]
    start = time.perf_counter()
    fig, ax = plt.subplots(figsize=(args.pixels / 100, args.pixels / 100), dpi=100)
    ax.scatter(sub["x"], sub["y"], s=0.5, c=sub["class_color"], marker=".")
    ax.set_xlim(-18, 27)
    ax.set_ylim(-18, 27)
    ax.set_xticks([])
    ax.set_yticks([])
    fig.savefig(f"{args.dir}/matplotlib-{name}.png", dpi=100)
    plt.close(fig)
    print(f"matplotlib {len(sub)} {time.perf_counter() - start:.3f}", flush=True)
