#!/usr/bin/env python3
"""Prints the remote benchmark's table, the projection of the real 200,000-cell run on each
simulated bucket, and checks the targets (exit 1 when one is missed).

    report.py NEEDED.json RUNS.json

RUNS.json: {"connections": n, "whole": RUN, "ranges": RUN, "again": RUN, "line": {"rate": B/s,
"whole": RUN, "ranges": RUN}, "same": bool}; the first three on the issue's bucket (20 ms per
request, 50 MB/s per connection), the line's on the same bucket with all connections sharing one
line of `rate`. RUN = {"wall": s, "rss_mb": MB, "bytes": fetched from the server, "requests": n,
"matrix_bytes": bytes of matrix keys, "kinds": {kind: {"requests", "bytes", "busy"}}} with the
kinds of Benchmarks/remote/requests.py and `busy` the seconds the server spent on them.

The projection (the model is printed with it):
- The real run's needed bytes: the selected rows at the real selection's median genes per cell,
  plus what grows with cells (X/indptr, obs, obs's string heaps and the rest of HDF5's metadata,
  most of it X's chunk index, which grows with the matrix: an overestimate for the small part
  that comes once per file) scaled by real cells over synthetic cells, plus what grows with
  matrices (var and its string heaps: the genes' ids and symbols) scaled by 24 over the synthetic
  matrices (needed.py splits them).
- A ranged run is two phases, by kind of request (requests.py): `structure` (everything but the
  rows: the file's head, chunk B-tree nodes, heaps, obs, var, indptr) and `rows`. Each takes
  max(bytes / bandwidth, requests x seconds per request / connections): the bandwidth is the
  line's rate or connections x 50 MB/s, the seconds per request those of the ranged run on the
  uncontended bucket. The real run's rows: the row requests grow with the selected cells (two per
  run of adjacent selected rows, at the same 5% density), their bytes with the selected nonzeros
  (times the measured fetched-to-needed ratio of X); its structure: the requests grow with the
  files' bytes (mostly chunk B-tree nodes), the bytes with the needed bytes besides X (times
  their measured ratio). The sum of both phases is scaled by k, the measured synthetic wall over
  the same sum for the synthetic run (packing, start and local work, which shrink in a longer
  run: k overestimates it), on each bucket.
- Whole is bandwidth-bound on both buckets: its measured wall scaled by the real matrices' bytes
  over the synthetic ones'.
Real figures: the manifest's raw matrix sizes (release 20231215; raw and log2 are byte-identical,
so each directory's raw half is half its total), 4,042,976 cells in cell_metadata, 200,000
selected, 4,691 genes per cell (the real selection's median), float32 values and int32 indices.
"""
import json
import sys

REAL_V3_RAW = [13_726_487_690, 11_915_297_204, 11_768_194_128, 8_356_210_362, 7_409_633_208, 7_248_338_584,
               7_206_054_638, 5_811_140_682, 5_610_691_342, 5_200_570_200, 4_067_049_816, 3_277_343_842, 3_114_998_442]
REAL_V2_RAW = 111_838_076_296 // 2
REAL_MULTI_RAW = 132_220_015
REAL_MATRICES = 24
REAL_CELLS, REAL_SELECTED, REAL_GENES_PER_CELL, BYTES_PER_ENTRY = 4_042_976, 200_000, 4_691, 8
CONNECTION_RATE = 50e6


def mb(n):
    return f"{n / 1e6:,.1f} MB"


def minutes(seconds):
    return f"{seconds / 60:,.1f} min"


def kind(run, name, field):
    return run["kinds"].get(name, {}).get(field, 0)


def print_runs(runs, title):
    print(title)
    print(f"{'fetch':<16}{'bytes':>14}{'requests':>10}{'wall':>9}{'peak RSS':>11}")
    for name, run in runs:
        print(f"{name:<16}{mb(run['bytes']):>14}{run['requests']:>10,}{run['wall']:>8.1f}s{run['rss_mb']:>8.0f} MB")


def phases(terms, per_request, connections, bandwidth):
    """A ranged run's seconds: per phase, its bytes through the bandwidth or its requests through
    the connections, whichever takes longer."""
    return sum(max(bytes_ / bandwidth, requests * per_request[name] / connections) for name, (bytes_, requests) in terms.items())


def measured_terms(run):
    return {name: (kind(run, name, "bytes"), kind(run, name, "requests")) for name in ["structure", "rows"]}


def main():
    needed = json.load(open(sys.argv[1]))
    runs = json.load(open(sys.argv[2]))
    total = needed["total"]
    whole, ranges, again, line = runs["whole"], runs["ranges"], runs["again"], runs["line"]
    connections = runs["connections"]
    print(f"synthetic atlas: {len(needed['matrices'])} matrices touched, {mb(total['size'])}, {total['cells']:,} cells, "
          f"{total['nnz'] / max(total['cells'], 1):,.0f} nonzeros per cell; {total['selected']:,} cells selected "
          f"({100 * total['selected'] / total['cells']:.1f}%)")
    print(f"needed: {mb(total['needed'])} = X rows {mb(total['x'])} + indptr {mb(total['indptr'])} + obs {mb(total['obs'])}"
          f" + var {mb(total['var'])} + HDF5 metadata {mb(total['metadata'])} (string heaps of obs {mb(total['obs_heaps'])},"
          f" of var {mb(total['var_heaps'])}, the rest {mb(total['file_metadata'])})")
    print()
    print_runs([("whole", whole), ("ranges", ranges), ("ranges, again", again)],
               f"bucket: 20 ms per request, {CONNECTION_RATE / 1e6:.0f} MB/s per connection, {connections} connections")
    print_runs([("whole", line["whole"]), ("ranges", line["ranges"])],
               f"line: the same, all connections sharing one {line['rate'] / 1e6:.0f} MB/s line")
    print()
    byte_ratio = ranges["bytes"] / total["needed"]
    speed, line_speed = whole["wall"] / ranges["wall"], line["whole"]["wall"] / line["ranges"]["wall"]
    print(f"ranges fetched {byte_ratio:.3f} x the needed bytes; wall time {speed:.1f}x shorter than whole on the bucket, "
          f"{line_speed:.1f}x on the line")

    files = len(needed["matrices"])
    real_whole = sum(REAL_V3_RAW) + REAL_V2_RAW + REAL_MULTI_RAW
    real_x = REAL_SELECTED * REAL_GENES_PER_CELL * BYTES_PER_ENTRY
    real_rest = ((total["indptr"] + total["obs"] + total["obs_heaps"] + total["file_metadata"]) * REAL_CELLS / total["cells"]
                 + (total["var"] + total["var_heaps"]) * REAL_MATRICES / files)
    synthetic = measured_terms(ranges)
    real = {"rows": (real_x * synthetic["rows"][0] / total["x"], synthetic["rows"][1] * REAL_SELECTED / total["selected"]),
            "structure": (real_rest * synthetic["structure"][0] / (total["needed"] - total["x"]),
                          synthetic["structure"][1] * real_whole / total["size"])}
    per_request = {name: kind(ranges, name, "busy") / max(kind(ranges, name, "requests"), 1) for name in ["structure", "rows"]}
    print()
    print(f"projection, real 200,000-cell run: whole {real_whole / 1e9:,.1f} GB; ranges need ~{(real_x + real_rest) / 1e9:,.1f} GB, "
          f"fetch ~{sum(b for b, _ in real.values()) / 1e9:,.1f} GB in ~{sum(r for _, r in real.values()):,.0f} requests "
          f"({real['rows'][1]:,.0f} for rows)")
    print("model: whole's wall scaled by bytes; ranges = k x the sum over structure and rows of max(bytes / bandwidth, "
          f"requests x ms each / connections), ms each as measured ({1000 * per_request['structure']:.1f}, "
          f"{1000 * per_request['rows']:.1f}), k = the measured synthetic wall over the same sum")
    projections = {}
    buckets = [("line", f"{line['rate'] / 1e6:.0f} MB/s line", line, line["rate"]),
               ("bucket", f"{CONNECTION_RATE / 1e6:.0f} MB/s per connection", {"whole": whole, "ranges": ranges}, connections * CONNECTION_RATE)]
    for name, label, pair, bandwidth in buckets:
        k = pair["ranges"]["wall"] / phases(measured_terms(pair["ranges"]), per_request, connections, bandwidth)
        real_ranges_s = k * phases(real, per_request, connections, bandwidth)
        real_whole_s = pair["whole"]["wall"] * real_whole / pair["whole"]["bytes"]
        projections[name] = real_whole_s / real_ranges_s
        print(f"  {label:<26} whole ~{minutes(real_whole_s):>9}; ranges ~{minutes(real_ranges_s):>8} (k {k:.2f}): "
              f"{projections[name]:.1f}x shorter")
        if name == "line":
            rows_bytes, rows_requests = real["rows"]
            print(f"  {'':<26} its rows: {rows_requests:,.0f} requests x {1000 * per_request['rows']:.1f} ms / {connections} connections"
                  f" = {minutes(rows_requests * per_request['rows'] / connections)}, {rows_bytes / 1e9:,.1f} GB through the line"
                  f" = {minutes(rows_bytes / bandwidth)}")
            doubled = k * phases(real, per_request, 2 * connections, bandwidth)
            print(f"  {'':<26} model only, with connections: {2 * connections} and the same ms each: ranges "
                  f"~{minutes(doubled)}, {real_whole_s / doubled:.1f}x shorter")

    checks = [
        ("ranges bytes <= 1.2 x needed", byte_ratio <= 1.2),
        (f"wall time >= 4x shorter than whole (bucket, {connections} connections)", speed >= 4),
        ("projected real run >= 10x shorter (50 MB/s line)", projections["line"] >= 10),
        ("peak RSS < 300 MB (every run)", max(r["rss_mb"] for r in [whole, ranges, again, line["whole"], line["ranges"]]) < 300),
        ("output identical to whole (anndata)", runs["same"]),
        ("second run fetches no X bytes", again["matrix_bytes"] == 0),
    ]
    print()
    for name, ok in checks:
        print(f"{'ok  ' if ok else 'MISS'} {name}")
    sys.exit(0 if all(ok for _, ok in checks) else 1)


if __name__ == "__main__":
    main()
