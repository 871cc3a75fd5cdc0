#!/usr/bin/env python3
"""Prints the remote benchmark's table, the projection of the real 200,000-cell run, and checks
the targets (exit 1 when one is missed).

    report.py NEEDED.json RUNS.json

RUNS.json: {"whole": RUN, "ranges": RUN, "again": RUN, "same": bool}, RUN = {"wall": s,
"rss_mb": MB, "bytes": fetched from the server, "requests": n, "matrix_bytes": bytes of matrix
keys}. The projection scales each measured wall time by bytes: whole by the real raw matrices'
total size over the synthetic ones', ranges by the real selection's needed bytes over the
synthetic selection's. Real figures: the manifest's raw matrix sizes (release 20231215; raw and
log2 are byte-identical, so each directory's raw half is half its total), 4,042,976 cells in
cell_metadata, 200,000 selected, 4,691 genes per cell (the real selection's median), float32
values and int32 indices.
"""
import json
import sys

REAL_V3_RAW = [13_726_487_690, 11_915_297_204, 11_768_194_128, 8_356_210_362, 7_409_633_208, 7_248_338_584,
               7_206_054_638, 5_811_140_682, 5_610_691_342, 5_200_570_200, 4_067_049_816, 3_277_343_842, 3_114_998_442]
REAL_V2_RAW = 111_838_076_296 // 2
REAL_MULTI_RAW = 132_220_015
REAL_MATRICES = 24
REAL_CELLS, REAL_SELECTED, REAL_GENES_PER_CELL, BYTES_PER_ENTRY = 4_042_976, 200_000, 4_691, 8


def mb(n):
    return f"{n / 1e6:,.1f} MB"


def main():
    needed = json.load(open(sys.argv[1]))
    runs = json.load(open(sys.argv[2]))
    total = needed["total"]
    whole, ranges, again = runs["whole"], runs["ranges"], runs["again"]
    print(f"synthetic atlas: {len(needed['matrices'])} matrices touched, {mb(total['size'])}, {total['cells']:,} cells, "
          f"{total['nnz'] / max(total['cells'], 1):,.0f} nonzeros per cell; {total['selected']:,} cells selected "
          f"({100 * total['selected'] / total['cells']:.1f}%)")
    print(f"needed: {mb(total['needed'])} = X rows {mb(total['x'])} + indptr {mb(total['indptr'])} + obs {mb(total['obs'])}"
          f" + var {mb(total['var'])} + HDF5 metadata and heaps {mb(total['metadata'])}")
    print()
    print(f"{'fetch':<16}{'bytes':>14}{'requests':>10}{'wall':>9}{'peak RSS':>11}")
    for name, run in [("whole", whole), ("ranges", ranges), ("ranges, again", again)]:
        print(f"{name:<16}{mb(run['bytes']):>14}{run['requests']:>10,}{run['wall']:>8.1f}s{run['rss_mb']:>8.0f} MB")
    print()
    byte_ratio = ranges["bytes"] / total["needed"]
    speed = whole["wall"] / ranges["wall"]
    print(f"ranges fetched {byte_ratio:.3f} x the needed bytes; {speed:.1f}x shorter wall time than whole")

    real_whole = sum(REAL_V3_RAW) + REAL_V2_RAW + REAL_MULTI_RAW
    files = len(needed["matrices"])
    overhead = (total["indptr"] + total["obs"] + total["metadata"]) * REAL_CELLS / total["cells"] + total["var"] * REAL_MATRICES / files
    real_needed = REAL_SELECTED * REAL_GENES_PER_CELL * BYTES_PER_ENTRY + overhead
    real_whole_s = whole["wall"] * real_whole / whole["bytes"]
    real_ranges_s = ranges["wall"] * real_needed / ranges["bytes"]
    print(f"projection, real 200,000-cell run: whole {real_whole / 1e9:,.1f} GB in ~{real_whole_s / 60:,.0f} min; "
          f"ranges ~{real_needed / 1e9:,.1f} GB in ~{real_ranges_s / 60:,.1f} min ({real_whole_s / real_ranges_s:.1f}x shorter)")

    checks = [
        ("ranges bytes <= 1.2 x needed", byte_ratio <= 1.2),
        ("wall time >= 4x shorter than whole", speed >= 4),
        ("projected real run >= 10x shorter", real_whole_s / real_ranges_s >= 10),
        ("peak RSS < 300 MB (both)", max(whole["rss_mb"], ranges["rss_mb"]) < 300),
        ("output identical to whole (anndata)", runs["same"]),
        ("second run fetches no X bytes", again["matrix_bytes"] == 0),
    ]
    print()
    for name, ok in checks:
        print(f"{'ok  ' if ok else 'MISS'} {name}")
    sys.exit(0 if all(ok for _, ok in checks) else 1)


if __name__ == "__main__":
    main()
