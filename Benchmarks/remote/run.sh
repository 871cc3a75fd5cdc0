#!/usr/bin/env bash
# Remote benchmark: `fetch: whole` against `fetch: ranges` on a simulated distant bucket, in one run.
#
#   Benchmarks/remote/run.sh [--connections N] [--sweep]
#
# The atlas (Benchmarks/work/remote-atlas, made when absent by Benchmarks/expression/make_atlas.py):
# 60,000 cells in the real per-matrix proportions over the 24 WMB matrices, 32,285 genes, ~4,700
# nonzeros drawn per cell (the real selection's median is 4,691 genes per cell), uncompressed
# CSR float32 written by anndata, ~2 GB. The cell list: the seed workflow's downsample (clusters
# under 50 cells kept whole, the rest sampled; seed 42) to 5% of the cells.
#
# Served by Tests/Scripts/bucket_server.py as a distant bucket: 20 ms before every answer, 50 MB/s
# per connection, Range, keep-alive, ETag/If-Match, ListObjectsV2. Renders an `atlas` + `expression`
# report three times with --no-cache, each into a fresh cache: fetch: whole, fetch: ranges, then
# ranges again over the ranged run's cache. Prints bytes transferred, requests, wall time and peak
# RSS (/usr/bin/time -v) of each, the bytes the selection needs (Benchmarks/remote/needed.py), the
# projection of the real 200,000-cell run (Benchmarks/remote/report.py), and checks the targets;
# exits 1 when one is missed. --sweep also times whole against ranges on the largest matrix alone
# for growing shares of its cells: where ranges stop paying is `fetch: auto`'s threshold.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/Benchmarks/remote"
work="$root/Benchmarks/work"
py="$root/.venv/bin/python"
connections=32
sweep=false
while [ $# -gt 0 ]; do
  case $1 in
    --connections) connections=$2; shift 2 ;;
    --sweep) sweep=true; shift ;;
    *) echo "usage: run.sh [--connections N] [--sweep]" >&2; exit 2 ;;
  esac
done

(cd "$root" && swift build -c release --product atlasweave >&2)
bin="$root/.build/release/atlasweave"
atlas="$work/remote-atlas"
run="$work/remote"
mkdir -p "$run"
if [ ! -f "$atlas/releases/20251031/manifest.json" ]; then
  "$py" "$root/Benchmarks/expression/make_atlas.py" "$atlas" --cells 60000 --nnz-per-cell 4700 >&2
fi
cells="$run/cells.csv"
[ -f "$cells" ] || "$py" "$root/Benchmarks/expression/select_cells.py" "$atlas" --target 3000 --output "$cells" >&2

log="$run/server.jsonl"
: >"$log"
"$py" "$root/Tests/Scripts/bucket_server.py" --root "$atlas" --log "$log" --delay 0.02 --rate 50000000 >"$run/port" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q PORT "$run/port" 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$(awk '{print $2}' "$run/port")/"

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
  tail -n +"$((start + 1))" "$log" | "$py" -c '
import json, sys, re
reqs = [json.loads(l) for l in sys.stdin]
log = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", log).group(1).split(":")
seconds = 0.0
for part in wall: seconds = seconds * 60 + float(part)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1)) / 1024
matrix = [r for r in reqs if r["key"].startswith("expression_matrices/")]
print(json.dumps({"wall": seconds, "rss_mb": rss, "bytes": sum(r["bytes"] for r in reqs), "requests": len(reqs),
                  "matrix_bytes": sum(r["bytes"] for r in matrix), "matrix_requests": len(matrix)}))' "$run/time.log"
}

rm -rf "$run/cache-whole" "$run/cache-ranges"
echo "whole …" >&2
whole=$(render whole "$run/cache-whole" "$run/whole.h5ad" "$cells")
echo "ranges …" >&2
ranges=$(render ranges "$run/cache-ranges" "$run/ranges.h5ad" "$cells")
echo "ranges again …" >&2
again=$(render ranges "$run/cache-ranges" "$run/again.h5ad" "$cells")
same=$("$py" "$root/Tests/Scripts/same_h5ad.py" "$run/whole.h5ad" "$run/ranges.h5ad")
echo "compare: $same" >&2
"$py" "$here/needed.py" "$atlas" "$cells" >"$run/needed.json"
echo "{\"whole\": $whole, \"ranges\": $ranges, \"again\": $again, \"same\": $([ "$same" = same ] && echo true || echo false)}" >"$run/runs.json"
status=0
"$py" "$here/report.py" "$run/needed.json" "$run/runs.json" || status=$?

if $sweep; then
  echo
  echo "auto threshold: whole against ranges on WMB-10Xv3-MB alone (fresh caches, $connections connections)"
  printf "%-8s%10s%12s%12s\n" share cells whole ranges
  for share in 0.05 0.1 0.2 0.3 0.4 0.5 0.7; do
    list="$run/sweep-$share.csv"
    "$py" -c '
import sys, pandas as pd
meta = pd.read_csv(sys.argv[1], dtype=str)
mb = meta[meta.feature_matrix_label == "WMB-10Xv3-MB"]
mb.sample(frac=float(sys.argv[2]), random_state=42).to_csv(sys.argv[3], index=False)
print(len(mb.sample(frac=float(sys.argv[2]), random_state=42)))' "$atlas/metadata/WMB-10X/20250531/cell_metadata.csv" "$share" "$list" >"$run/sweep.n"
    rm -rf "$run/cache-sweep"
    w=$(render whole "$run/cache-sweep" "$run/sweep.h5ad" "$list" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["wall"])')
    rm -rf "$run/cache-sweep"
    r=$(render ranges "$run/cache-sweep" "$run/sweep.h5ad" "$list" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["wall"])')
    printf "%-8s%10s%11.1fs%11.1fs\n" "$share" "$(cat "$run/sweep.n")" "$w" "$r"
  done
  rm -rf "$run/cache-sweep"
fi
exit $status
