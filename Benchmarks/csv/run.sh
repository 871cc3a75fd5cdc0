#!/usr/bin/env bash
# Times reading a cell_metadata.csv-shaped file: pandas read_csv (as the atlas tutorial calls it)
# against atlasweave's CSV reader (the csvbench target), with wall time and peak RSS side by side.
#
#   Benchmarks/csv/run.sh [--rows N] [--repeat R]
#
# Default 4,042,976 rows (the real file's count, ~0.9 GB), 3 alternating runs of each reader; the
# best wall time of each is compared (the machine may be shared), CPU time and peak RSS shown too.
# Both are timed as whole processes (pandas' includes starting Python and importing pandas,
# about 0.4 s). The file is generated deterministically into Benchmarks/work/ and reused.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=4042976
repeat=3
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--repeat R]" >&2; exit 2 ;;
  esac
done
python=${ATLASWEAVE_PYTHON:-.venv/bin/python}
mkdir -p Benchmarks/work
csv="Benchmarks/work/cell_metadata-$rows.csv"
if [ ! -f "$csv" ]; then
  echo "generating $csv ($rows rows)…"
  "$python" Benchmarks/csv/generate.py "$csv.part" --rows "$rows"
  mv "$csv.part" "$csv"
fi
swift build -c release --static-swift-stdlib --product csvbench >/dev/null
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)/csvbench

measure() {  # label, command… → "label seconds peak_kb"
  local label="$1"; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  local wall kb cpu_user cpu_sys
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  cpu_user=$(sed -n 's/.*User time (seconds): //p' "$log")
  cpu_sys=$(sed -n 's/.*System time (seconds): //p' "$log")
  rm -f "$log"
  echo "$label $wall $kb $cpu_user $cpu_sys"
}

# Warm the page cache once so both readers start equal.
cat "$csv" >/dev/null
runs=()
for i in $(seq "$repeat"); do
  runs+=("$(measure pandas "$python" -c "import sys, pandas as pd; df = pd.read_csv(sys.argv[1], dtype={'cell_label': str}); print(df.shape)" "$csv")")
  runs+=("$(measure atlasweave "$bin" "$csv")")
done

echo
echo "file: $csv ($(du -h "$csv" | cut -f1), $rows rows × 17 columns); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %4s %10s %10s %10s %12s\n' reader run "wall s" "user s" "sys s" "peak RSS MB"
for i in "${!runs[@]}"; do
  set -- ${runs[$i]}
  printf '%-12s %4d %10.2f %10.2f %10.2f %12.0f\n' "$1" $((i / 2 + 1)) "$2" "$4" "$5" "$(echo "$3 / 1024" | bc -l)"
done
# Best wall time, least CPU time and largest peak RSS of each reader.
summary() {
  printf '%s\n' "${runs[@]}" | awk -v who="$1" '$1 == who {
    cpu = $4 + $5
    if (!n++ || $2 < wall) wall = $2
    if (n == 1 || cpu < best) best = cpu
    if ($3 > rss) rss = $3
  } END { print wall, best, rss }'
}
read -r pw pc pk <<<"$(summary pandas)"
read -r ow oc ok <<<"$(summary atlasweave)"
printf 'best of %d: pandas %.2f s, atlasweave %.2f s; CPU pandas %.2f s, atlasweave %.2f s; peak RSS pandas %.0f MB, atlasweave %.0f MB\n' \
  "$repeat" "$pw" "$ow" "$pc" "$oc" "$(echo "$pk / 1024" | bc -l)" "$(echo "$ok / 1024" | bc -l)"
printf 'atlasweave / pandas: time %.3f (target ≤ 0.333), CPU %.3f, memory %.3f (target < 1)\n' \
  "$(echo "$ow / $pw" | bc -l)" "$(echo "$oc / $pc" | bc -l)" "$(echo "$ok / $pk" | bc -l)"
