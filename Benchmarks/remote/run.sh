#!/usr/bin/env bash
# Remote benchmark: `fetch: whole` against `fetch: ranges` on a simulated distant bucket, in one run.
#
#   Benchmarks/remote/run.sh [--connections N] [--sweep] [--ros3] [--skip-main]
#
# The atlas (Benchmarks/work/remote-atlas, made when absent by Benchmarks/expression/make_atlas.py):
# 60,000 cells in the real per-matrix proportions over the 24 WMB matrices, 32,285 genes, ~4,700
# nonzeros drawn per cell (the real selection's median is 4,691 genes per cell), uncompressed
# CSR float32 written by anndata, ~2 GB. The cell list: the seed workflow's downsample (clusters
# under 50 cells kept whole, the rest sampled; seed 42) to 5% of the cells.
#
# Served by Tests/Scripts/bucket_server.py as two distant buckets: the issue's, 20 ms before every
# answer and 50 MB/s per connection; and a laptop's line, the same but with all connections sharing
# one 50 MB/s line. Both do Range, keep-alive, ETag/If-Match, ListObjectsV2. Renders an `atlas` +
# `expression` report with --no-cache, each into a fresh cache: on the first bucket fetch: whole,
# fetch: ranges, then ranges again over the ranged run's cache; on the line, whole and ranges.
# Prints bytes transferred, requests, wall time and peak RSS (/usr/bin/time -v) of each, the bytes
# the selection needs (Benchmarks/remote/needed.py), the projection of the real 200,000-cell run on
# each bucket (Benchmarks/remote/report.py), and checks the targets (exits 1 when one is missed);
# then where the ranged run's time went, by kind of request (Benchmarks/remote/requests.py, from
# the server's log). --sweep also times whole against ranges on the largest matrix alone for
# growing shares of its cells, on both buckets: where ranges stop paying is `fetch: auto`'s
# threshold. --ros3 reads 5% of that matrix's rows through libhdf5's own read-only S3 driver
# (Benchmarks/remote/ros3.c, built with h5cc against Debian's libhdf5) and through `fetch: ranges`,
# side by side. --skip-main runs only those.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/Benchmarks/remote"
work="$root/Benchmarks/work"
py="$root/.venv/bin/python"
connections=32
main=true
sweep=false
ros3=false
while [ $# -gt 0 ]; do
  case $1 in
    --connections) connections=$2; shift 2 ;;
    --sweep) sweep=true; shift ;;
    --ros3) ros3=true; shift ;;
    --skip-main) main=false; shift ;;
    *) echo "usage: run.sh [--connections N] [--sweep] [--ros3] [--skip-main]" >&2; exit 2 ;;
  esac
done

(cd "$root" && swift build -c release --static-swift-stdlib --product atlasweave >&2)
bin="$root/.build/release/atlasweave"
atlas="$work/remote-atlas"
run="$work/remote"
mkdir -p "$run"
if [ ! -f "$atlas/releases/20251031/manifest.json" ]; then
  "$py" "$root/Benchmarks/expression/make_atlas.py" "$atlas" --cells 60000 --nnz-per-cell 4700 >&2
fi
cells="$run/cells.csv"
[ -f "$cells" ] || "$py" "$root/Benchmarks/expression/select_cells.py" "$atlas" --target 3000 --output "$cells" >&2

# start_bucket NAME [bucket_server.py options]: serves the atlas as a distant bucket, its port in
# $run/NAME.port, its log in $run/NAME.jsonl.
start_bucket() { # name options
  local name=$1
  shift
  : >"$run/$name.jsonl"
  rm -f "$run/$name.port"
  "$py" "$root/Tests/Scripts/bucket_server.py" --root "$atlas" --log "$run/$name.jsonl" --delay 0.02 --rate 50000000 "$@" \
    >"$run/$name.port" &
  servers+=("$!")
  for _ in $(seq 100); do grep -q PORT "$run/$name.port" 2>/dev/null && break; sleep 0.1; done
}
servers=()
trap 'kill "${servers[@]}" 2>/dev/null || true' EXIT
start_bucket server
start_bucket line --line 50000000
bucket_url() { echo "http://127.0.0.1:$(awk '{print $2}' "$run/$1.port")/"; }
# The bucket `render` uses: its URL and its server's log.
use_bucket() { # server|line
  url=$(bucket_url "$1")
  log="$run/$1.jsonl"
}
use_bucket server

# Renders the report with `fetch: $1` into cache $2, output $3 and cell list $4; prints one JSON
# RUN (wall, peak RSS, and the server's bytes and requests during the render).
render() { # fetch cache output cells
  local fetch=$1 cache=$2 output=$3 list=$4 start
  cat >"$run/remote.md" <<MD
\`\`\`{atlas}
source: "$url"
cache: "$cache"
manifest: "20251031"
\`\`\`

\`\`\`{expression}
cells: "$list"
output: "$output"
fetch: $fetch
connections: $connections
\`\`\`
MD
  start=$(wc -l <"$log")
  /usr/bin/time -v "$bin" render "$run/remote.md" --no-cache --quiet 2>"$run/time.log" >/dev/null || { cat "$run/time.log" >&2; exit 1; }
  tail -n +"$((start + 1))" "$log" >"$run/requests.jsonl"
  "$py" - "$run/time.log" "$run/requests.jsonl" "$atlas" "$here" <<'PY'
import json, sys, re
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from requests import kind
reqs = [json.loads(l) for l in open(sys.argv[2])]
log = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", log).group(1).split(":")
seconds = 0.0
for part in wall: seconds = seconds * 60 + float(part)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1)) / 1024
matrix = [r for r in reqs if r["key"].startswith("expression_matrices/")]
kinds, storage = {}, {}
for r in reqs:
    entry = kinds.setdefault(kind(r, Path(sys.argv[3]), storage), {"requests": 0, "bytes": 0, "busy": 0.0})
    entry["requests"] += 1
    entry["bytes"] += r["bytes"]
    entry["busy"] += r["ended"] - r["arrived"]
print(json.dumps({"wall": seconds, "rss_mb": rss, "bytes": sum(r["bytes"] for r in reqs), "requests": len(reqs),
                  "matrix_bytes": sum(r["bytes"] for r in matrix), "matrix_requests": len(matrix), "kinds": kinds}))
PY
}

status=0
if $main; then
  rm -rf "$run/cache-whole" "$run/cache-ranges"
  echo "whole …" >&2
  whole=$(render whole "$run/cache-whole" "$run/whole.h5ad" "$cells")
  echo "ranges …" >&2
  ranges=$(render ranges "$run/cache-ranges" "$run/ranges.h5ad" "$cells")
  cp "$run/requests.jsonl" "$run/ranges.jsonl"
  echo "ranges again …" >&2
  again=$(render ranges "$run/cache-ranges" "$run/again.h5ad" "$cells")
  use_bucket line
  rm -rf "$run/cache-line-whole" "$run/cache-line-ranges"
  echo "whole, line …" >&2
  line_whole=$(render whole "$run/cache-line-whole" "$run/line-whole.h5ad" "$cells")
  echo "ranges, line …" >&2
  line_ranges=$(render ranges "$run/cache-line-ranges" "$run/line-ranges.h5ad" "$cells")
  rm -rf "$run/cache-line-whole" "$run/cache-line-ranges" "$run/line-whole.h5ad" "$run/line-ranges.h5ad"
  use_bucket server
  same=$("$py" "$root/Tests/Scripts/same_h5ad.py" "$run/whole.h5ad" "$run/ranges.h5ad")
  echo "compare: $same" >&2
  "$py" "$here/needed.py" "$atlas" "$cells" >"$run/needed.json"
  echo "{\"connections\": $connections, \"whole\": $whole, \"ranges\": $ranges, \"again\": $again, \"line\": {\"rate\": 50000000, \"whole\": $line_whole, \"ranges\": $line_ranges}, \"same\": $([ "$same" = same ] && echo true || echo false)}" >"$run/runs.json"
  "$py" "$here/report.py" "$run/needed.json" "$run/runs.json" || status=$?
  echo
  echo "ranges, requests by kind:"
  "$py" "$here/requests.py" "$atlas" "$run/ranges.jsonl"
fi

# Writes share $1 of WMB-10Xv3-MB's cells (seed 42) to cell list $2; prints the count.
sample_mb() { # share list
  "$py" -c '
import sys, pandas as pd
meta = pd.read_csv(sys.argv[1], dtype=str)
chosen = meta[meta.feature_matrix_label == "WMB-10Xv3-MB"].sample(frac=float(sys.argv[2]), random_state=42)
chosen.to_csv(sys.argv[3], index=False)
print(len(chosen))' "$atlas/metadata/WMB-10X/20250531/cell_metadata.csv" "$1" "$2"
}

if $sweep; then
  echo
  echo "auto threshold: whole against ranges on WMB-10Xv3-MB alone (fresh caches, $connections connections),"
  echo "50 MB/s per connection, then also a 50 MB/s line shared by all connections"
  printf "%-8s%8s%10s%10s%14s%14s\n" share cells whole ranges "whole, line" "ranges, line"
  for share in 0.05 0.1 0.2 0.3 0.5 0.7 0.85 1.0; do
    list="$run/sweep-$share.csv"
    sample_mb "$share" "$list" >"$run/sweep.n"
    walls=()
    for bucket in server line; do
      use_bucket "$bucket"
      for fetch in whole ranges; do
        rm -rf "$run/cache-sweep"
        walls+=("$(render "$fetch" "$run/cache-sweep" "$run/sweep.h5ad" "$list" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["wall"])')")
      done
    done
    printf "%-8s%8s%9.1fs%9.1fs%13.1fs%13.1fs\n" "$share" "$(cat "$run/sweep.n")" "${walls[@]}"
  done
  use_bucket server
  rm -rf "$run/cache-sweep"
fi
if $ros3; then
  echo
  echo "ROS3 (libhdf5's read-only S3 driver) against fetch: ranges, 5% of WMB-10Xv3-MB's cells"
  (cd "$run" && h5cc -O2 -o ros3 "$here/ros3.c" >&2)
  list="$run/ros3-cells.csv"
  sample_mb 0.05 "$list" >/dev/null
  key=$("$py" -c '
import sys; sys.path.insert(0, sys.argv[1])
from atlas_files import matrix_paths
from pathlib import Path
print(matrix_paths(Path(sys.argv[2]))["WMB-10Xv3-MB"].relative_to(sys.argv[2]))' "$root/Benchmarks/expression" "$atlas")
  "$py" -c '
import sys, h5py, pandas as pd
with h5py.File(sys.argv[1]) as f:
    names = pd.Index(f["obs"][f["obs"].attrs["_index"]].asstr()[:])
rows = names.get_indexer(pd.read_csv(sys.argv[2], dtype=str).cell_label)
print("\n".join(str(r) for r in sorted(rows[rows >= 0])))' "$atlas/$key" "$list" >"$run/ros3-rows.txt"
  start=$(wc -l <"$log")
  "$run/ros3" "$url$key" "$run/ros3-rows.txt" >"$run/ros3.json"
  tail -n +"$((start + 1))" "$log" >"$run/ros3.jsonl"
  rm -rf "$run/cache-ros3"
  render ranges "$run/cache-ros3" "$run/ros3.h5ad" "$list" >"$run/ranges-one.json"
  "$py" - "$run/ros3.json" "$run/ros3.jsonl" "$run/ranges-one.json" <<'PY'
import json, sys
ros3 = json.load(open(sys.argv[1]))
reqs = [json.loads(line) for line in open(sys.argv[2])]
ours = json.load(open(sys.argv[3]))
print(f"{'driver':<10}{'rows':>7}{'requests':>10}{'MB':>9}{'wall':>9}")
print(f"{'ROS3':<10}{ros3['rows']:>7}{len(reqs):>10,}{sum(r['bytes'] for r in reqs) / 1e6:>9.1f}{ros3['seconds']:>8.1f}s")
print(f"{'ranges':<10}{ros3['rows']:>7}{ours['matrix_requests']:>10,}{ours['matrix_bytes'] / 1e6:>9.1f}{ours['wall']:>8.1f}s (whole render)")
PY
  rm -rf "$run/cache-ros3"
fi
exit $status
