#!/usr/bin/env bash
# Times reading a cell_metadata.csv-shaped file: pandas read_csv (as the atlas tutorial calls it)
# against atlasweave's CSV reader (the csvbench target), with wall time and peak RSS side by side.
#
#   Benchmarks/csv/run.sh [--rows N]      (default 4,042,976 rows, the real file's count, ~0.9 GB)
#
# The file is generated deterministically into Benchmarks/work/ and reused while its size matches.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=4042976
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    *) echo "usage: $0 [--rows N]" >&2; exit 2 ;;
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
swift build -c release --product csvbench >/dev/null
bin=$(swift build -c release --show-bin-path)/csvbench

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

# Drop nothing from the page cache (no root needed): warm it once so both readers start equal.
cat "$csv" >/dev/null
pandas=$(measure pandas "$python" -c "import sys, pandas as pd; df = pd.read_csv(sys.argv[1], dtype={'cell_label': str}); print(df.shape)" "$csv")
ours=$(measure atlasweave "$bin" "$csv")

echo
echo "file: $csv ($(du -h "$csv" | cut -f1), $rows rows × 17 columns); $(nproc) cores"
printf '%-12s %10s %10s %10s %12s\n' reader "wall s" "user s" "sys s" "peak RSS MB"
for line in "$pandas" "$ours"; do
  set -- $line
  printf '%-12s %10.2f %10.2f %10.2f %12.0f\n' "$1" "$2" "$4" "$5" "$(echo "$3 / 1024" | bc -l)"
done
set -- $pandas; pw=$2; pk=$3
set -- $ours; ow=$2; ok=$3
printf 'atlasweave / pandas: time %.3f (target ≤ 0.333), memory %.3f (target < 1)\n' \
  "$(echo "$ow / $pw" | bc -l)" "$(echo "$ok / $pk" | bc -l)"
