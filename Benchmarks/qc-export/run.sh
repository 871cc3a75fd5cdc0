#!/usr/bin/env bash
# QC and export benchmark: the seed's step 4 against atlasweave's `qc` and `export` stages, on
# the 15,000-cell h5ad the expression benchmark writes (1x) and on that matrix doubled (2x,
# 30,000 cells), in one run.
#
#   Benchmarks/qc-export/run.sh [--runs N] [--bin PATH]
#
# --bin times another atlasweave binary (an earlier commit's release build, say) instead of
# building this checkout's.
#
# Sides (seed_steps.py, with the venv's scanpy; atlasweave renders a one-stage report with
# --no-cache):
#   qc:     read_h5ad + calculate_qc_metrics(qc_vars=["mt"]) + write_h5ad   vs  {qc} with output
#   export: read_h5ad + mmwrite(X.tocsc()) + TSV/CSV writes                  vs  {export} compress: false
# All inputs are read once before timing (both sides run from the page cache). Each of the N
# rounds (default 3) runs the four commands one after another, so the sides alternate and share
# the machine's load; per side the best wall time, the best CPU time (user + sys, which a loaded
# machine inflates much less than wall time) and the largest peak RSS (/usr/bin/time -v) are
# kept, and the load average is printed before and after. The outputs are compared (metrics to
# float32 tolerance, matrices exactly). Targets, checked on wall time and on CPU time: qc ≥ 5×
# faster than scanpy, export ≥ 3× faster than mmwrite; atlasweave peak RSS < 300 MB for both,
# and qc's peak RSS at 2x within 10% of 1x. Exits 1 when a target is missed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/Benchmarks/qc-export"
work="$root/Benchmarks/work"
py="$root/.venv/bin/python"
runs=3
bin=""
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --bin) bin=$(realpath "$2"); shift 2 ;;
    *) echo "usage: run.sh [--runs N] [--bin PATH]" >&2; exit 2 ;;
  esac
done

if [ -z "$bin" ]; then
  (cd "$root" && swift build -c release --static-swift-stdlib --product atlasweave >&2)
  bin="$root/.build/release/atlasweave"
fi

# The expression benchmark's 15,000-cell output, made the way that benchmark makes it when absent.
input="$work/run-1x/out/expression.h5ad"
if [ ! -f "$input" ]; then
  atlas="$work/atlas-1x"; cells="$work/cells-1x.csv"
  [ -f "$atlas/releases/20251031/manifest.json" ] || "$py" "$root/Benchmarks/expression/make_atlas.py" "$atlas" --scale 1 >&2
  [ -f "$cells" ] || "$py" "$root/Benchmarks/expression/select_cells.py" "$atlas" --target 15000 --output "$cells" >&2
  mkdir -p "$work/run-1x"
  cat >"$work/run-1x/expression.md" <<MD
\`\`\`{atlas}
source: "file://$atlas"
cache: "$atlas"
manifest: latest
local-only: true
\`\`\`

\`\`\`{expression}
cells: "$cells"
output: out/expression.h5ad
\`\`\`
MD
  "$bin" render "$work/run-1x/expression.md" --no-cache --quiet --allow-outside "$work"
fi
doubled="$work/qc-export-2x/input.h5ad"
mkdir -p "$work/qc-export-2x"
[ -f "$doubled" ] || "$py" "$here/double.py" "$input" "$doubled"

# Wall seconds, CPU seconds (user + sys) and peak RSS (MB) of a command, from /usr/bin/time -v.
measure() { # logfile command…
  local log=$1; shift
  /usr/bin/time -v "$@" >"$log.out" 2>"$log"
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; w = s }
              /User time|System time/ { c += $2 }
              /Maximum resident set size/ { r = $2 / 1024 } END { printf "%s %.2f %.1f\n", w, c, r }' "$log"
}
best() { sort -g | head -1; }
largest() { sort -g | tail -1; }

declare -A t c m
sides="scanpy_qc aw_qc seed_export aw_export"
echo "load before: $(uptime)" >&2
for s in 1x 2x; do
  src=$([ $s = 1x ] && echo "$input" || echo "$doubled")
  run="$work/qc-export-$s/run"; rm -rf "$run"; mkdir -p "$run"
  cat >"$run/qc.md" <<MD
\`\`\`{qc}
h5ad: "$src"
output: out/qc.h5ad
\`\`\`
MD
  cat >"$run/export.md" <<MD
\`\`\`{export}
h5ad: "$src"
output: out/export
compress: false
\`\`\`
MD
  cat "$src" >/dev/null
  declare -A times cpus rss
  for side in $sides; do times[$side]=""; cpus[$side]=""; rss[$side]=""; done
  for ((i = 1; i <= runs; i++)); do
    for side in $sides; do
      case $side in
        scanpy_qc) read -r a b r < <(measure "$run/$side.time" "$py" "$here/seed_steps.py" qc "$src" "$run/scanpy_qc.h5ad") ;;
        aw_qc) read -r a b r < <(measure "$run/$side.time" "$bin" render "$run/qc.md" --no-cache --quiet --allow-outside "$work") ;;
        seed_export) rm -rf "$run/seed_export"; read -r a b r < <(measure "$run/$side.time" "$py" "$here/seed_steps.py" export "$src" "$run/seed_export") ;;
        aw_export) read -r a b r < <(measure "$run/$side.time" "$bin" render "$run/export.md" --no-cache --quiet --allow-outside "$work") ;;
      esac
      times[$side]+="$a "; cpus[$side]+="$b "; rss[$side]+="$r "
    done
  done
  for side in $sides; do
    t[$side-$s]=$(printf '%s\n' ${times[$side]} | best); c[$side-$s]=$(printf '%s\n' ${cpus[$side]} | best)
    m[$side-$s]=$(printf '%s\n' ${rss[$side]} | largest)
    echo "$s $side: wall ${t[$side-$s]} s (runs: ${times[$side]% }), CPU ${c[$side-$s]} s (runs: ${cpus[$side]% }), peak RSS ${m[$side-$s]} MB" >&2
  done
  "$py" - "$run/scanpy_qc.h5ad" "$run/out/qc.h5ad" "$run/seed_export/expression_matrix.mtx" "$run/out/export/expression_matrix.mtx" <<'PY'
import sys, numpy as np, anndata, scipy.io
a, b = anndata.read_h5ad(sys.argv[1]), anndata.read_h5ad(sys.argv[2])
for frame in ("obs", "var"):
    want, got = getattr(a, frame), getattr(b, frame)
    for c in want.columns:
        if want[c].dtype.kind in "fiu":
            assert np.allclose(want[c].to_numpy(float), got[c].to_numpy(float), rtol=1e-5, equal_nan=True), (frame, c)
seed, ours = scipy.io.mmread(sys.argv[3]).tocsr(), scipy.io.mmread(sys.argv[4]).T.tocsr()
assert seed.shape == ours.shape and (seed != ours).nnz == 0, "exported matrices differ"
print(f"outputs agree: {a.n_obs} cells, metrics equal to float32 tolerance, matrices equal ({ours.nnz} nonzeros)")
PY
done

echo "load after: $(uptime)" >&2

status=0
check() { # description condition
  if [ "$(echo "$2" | bc -l)" = 1 ]; then echo "ok    $1"; else echo "MISS  $1"; status=1; fi
}
ratio() { echo "scale=1; $1 / $2" | bc -l; }
echo
echo "| step | size | seed (scanpy / mmwrite) | atlasweave | ratio |"
echo "|---|---|---|---|---|"
for pair in "qc scanpy_qc aw_qc" "export seed_export aw_export"; do
  read -r step seed aw <<<"$pair"
  for s in 1x 2x; do
    echo "| $step | $s wall (best of $runs) | ${t[$seed-$s]} s | ${t[$aw-$s]} s | $(ratio "${t[$seed-$s]}" "${t[$aw-$s]}")× faster |"
    echo "| $step | $s CPU user+sys (best of $runs) | ${c[$seed-$s]} s | ${c[$aw-$s]} s | $(ratio "${c[$seed-$s]}" "${c[$aw-$s]}")× less |"
    echo "| $step | $s peak RSS | ${m[$seed-$s]} MB | ${m[$aw-$s]} MB | $(ratio "${m[$seed-$s]}" "${m[$aw-$s]}")× less |"
  done
done
echo
for s in 1x 2x; do
  for measure in "wall t" "CPU c"; do
    read -r what arr <<<"$measure"
    declare -n v=$arr
    check "qc $s ≥ 5× faster than scanpy, $what ($(ratio "${v[scanpy_qc-$s]}" "${v[aw_qc-$s]}")×)" "${v[scanpy_qc-$s]} >= 5 * ${v[aw_qc-$s]}"
    check "export $s ≥ 3× faster than mmwrite, $what ($(ratio "${v[seed_export-$s]}" "${v[aw_export-$s]}")×)" "${v[seed_export-$s]} >= 3 * ${v[aw_export-$s]}"
    unset -n v
  done
  check "atlasweave peak RSS < 300 MB at $s (qc ${m[aw_qc-$s]} MB, export ${m[aw_export-$s]} MB)" "${m[aw_qc-$s]} < 300 && ${m[aw_export-$s]} < 300"
done
growth=$(echo "scale=3; ${m[aw_qc-2x]} / ${m[aw_qc-1x]}" | bc -l)
check "qc peak RSS 2x/1x within 10% ($growth)" "$growth <= 1.10"
exit $status
