#!/usr/bin/env bash
# Gene panel benchmark: a 10-gene panel for every cell of the synthetic 300,000-cell atlas (and of
# the same atlas with every matrix doubled), atlasweave's `genes` stage (every cell of the
# release's cell_metadata, streamed; the panel streamed to its CSV) against a Python script
# doing what abc_atlas_access's get_gene_data does (get_gene_data.py: backed read_h5ad,
# chunked_X(8192), masks, one DataFrame), in one run. Then the heatmap of the 10 genes by 34
# classes over the 1x panel.
#
#   Benchmarks/genes/run.sh [--runs N]
#
# Builds atlasweave in release and the atlases under Benchmarks/work/ when absent (the expression
# benchmark's make_atlas.py). Warm page cache (every matrix read once before timing); runs
# alternate Python/atlasweave; best wall time of N runs (default 2), largest peak RSS
# (/usr/bin/time -v), least CPU time (user + sys: less sensitive to the machine's load). Both
# sides must give the same cells and the same sum of values. Checks: speed-up ≥ 10×, atlasweave
# peak RSS ≤ a tenth of Python's, atlasweave RSS at 2x within 10% of 1x, the heatmap stage under
# 1 s. Exits 1 when a target is missed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/Benchmarks/genes"
work="$root/Benchmarks/work"
py="$root/.venv/bin/python"
runs=2
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: run.sh [--runs N]" >&2; exit 2 ;;
  esac
done
genes=Slc17a7,Slc17a6,Slc32a1,Gad1,Gad2,Slc6a5,Slc6a3,Slc6a4,Slc18a3,Tac2

(cd "$root" && swift build -c release --static-swift-stdlib --product atlasweave >&2)
bin="$root/.build/release/atlasweave"

source "$root/Benchmarks/measure.sh"

declare -A py_s py_mb py_cpu aw_s aw_mb aw_cpu
for s in 1x 2x; do
  atlas="$work/atlas-$s"; run="$work/genes-$s"
  if [ ! -f "$atlas/releases/20251031/manifest.json" ]; then
    "$py" "$root/Benchmarks/expression/make_atlas.py" "$atlas" --scale "${s%x}" >&2
  fi
  mkdir -p "$run"
  cat >"$run/genes.md" <<MD
# Gene panel benchmark ($s)

\`\`\`{atlas}
source: "file://$atlas"
cache: "$atlas"
manifest: latest
local-only: true
\`\`\`

\`\`\`{genes}
id: panel
genes: [${genes//,/, }]
kind: raw
output: out/panel.csv
\`\`\`
MD
  cat "$atlas"/expression_matrices/*/*/*-raw.h5ad >/dev/null
  "$bin" render "$run/genes.md" --no-cache --quiet --allow-outside "$work" || true
  t_py=(); m_py=(); c_py=(); t_aw=(); m_aw=(); c_aw=()
  for ((i = 1; i <= runs; i++)); do
    read -r t m < <(measure get_gene_data "$run/py.time" "$run/py.json" "$py" "$here/get_gene_data.py" "$atlas" --genes "$genes" --output "$run/py.csv")
    t_py+=("$t"); m_py+=("$m"); c_py+=("$(cpu_seconds "$run/py.time")")
    read -r t m < <(measure atlasweave "$run/aw.time" "$run/aw.out" "$bin" render "$run/genes.md" --no-cache --quiet --allow-outside "$work")
    t_aw+=("$t"); m_aw+=("$m"); c_aw+=("$(cpu_seconds "$run/aw.time")")
  done
  py_s[$s]=$(printf '%s\n' "${t_py[@]}" | best); py_mb[$s]=$(printf '%s\n' "${m_py[@]}" | largest)
  aw_s[$s]=$(printf '%s\n' "${t_aw[@]}" | best); aw_mb[$s]=$(printf '%s\n' "${m_aw[@]}" | largest)
  py_cpu[$s]=$(printf '%s\n' "${c_py[@]}" | best); aw_cpu[$s]=$(printf '%s\n' "${c_aw[@]}" | best)
  "$py" - "$run/py.csv" "$run/out/panel.csv" "${genes}" <<'PY'
import sys
import numpy as np, pandas as pd
ref = pd.read_csv(sys.argv[1], index_col=0)
ours = pd.read_csv(sys.argv[2], index_col="cell_label", dtype={"cell_label": str})
genes = sys.argv[3].split(",")
ref = ref.loc[ours.index, genes]  # the reference keeps metadata cells a matrix lacks, as zeros
assert list(ours.columns) == genes, list(ours.columns)
np.testing.assert_allclose(ours[genes].to_numpy(), ref.to_numpy(), rtol=1e-6)
print(f"panels agree: {len(ours)} cells x {len(genes)} genes, sum {ours[genes].to_numpy().sum():.1f}")
PY
  echo "$s: get_gene_data ${py_s[$s]} s, ${py_cpu[$s]} CPU s, ${py_mb[$s]} MB (runs: ${t_py[*]}); atlasweave ${aw_s[$s]} s, ${aw_cpu[$s]} CPU s, ${aw_mb[$s]} MB (runs: ${t_aw[*]}); load: $(cut -d' ' -f1-3 /proc/loadavg)"
done

# The heatmap: the 1x panel joined to a 34-class grouping of its cells, rendered as one stage.
heat="$work/genes-heatmap"
mkdir -p "$heat"
"$py" - "$work/genes-1x/out/panel.csv" "$heat/classes.csv" <<'PY'
import sys
import pandas as pd
cells = pd.read_csv(sys.argv[1], usecols=["cell_label"], dtype={"cell_label": str})
cells["class"] = [f"{i % 34 + 1:02d} class" for i in range(len(cells))]
cells.to_csv(sys.argv[2], index=False)
PY
cat >"$heat/heatmap.md" <<MD
# Heatmap benchmark

\`\`\`{join}
id: annotated
table: "$work/genes-1x/out/panel.csv"
with: classes.csv
on: cell_label
\`\`\`

\`\`\`{heatmap}
table: annotated
genes: [${genes//,/, }]
group-by: class
\`\`\`
MD
"$bin" render "$heat/heatmap.md" --no-cache --allow-outside "$work" 2>"$heat/render.log"
heatmap_s=$(grep -o 'heatmap … ran [0-9.]* s' "$heat/render.log" | awk '{print $4}')
groups=$(grep -o '<figcaption>[0-9,]* of [0-9,]* groups' "$heat/heatmap.html" | head -1)

status=0
check() { # description condition
  if [ "$(echo "$2" | bc -l)" = 1 ]; then echo "ok    $1"; else echo "MISS  $1"; status=1; fi
}
echo
echo "| | get_gene_data | atlasweave genes | ratio |"
echo "|---|---|---|---|"
for s in 1x 2x; do
  echo "| $s wall | ${py_s[$s]} s | ${aw_s[$s]} s | $(echo "scale=1; ${py_s[$s]} / ${aw_s[$s]}" | bc -l)× faster |"
  echo "| $s CPU (user + sys) | ${py_cpu[$s]} s | ${aw_cpu[$s]} s | $(echo "scale=1; ${py_cpu[$s]} / ${aw_cpu[$s]}" | bc -l)× less |"
  echo "| $s peak RSS | ${py_mb[$s]} MB | ${aw_mb[$s]} MB | $(echo "scale=1; ${py_mb[$s]} / ${aw_mb[$s]}" | bc -l)× less |"
done
echo
echo "heatmap of 10 genes by class (${groups#<figcaption>}) over the 1x panel: ${heatmap_s} s"
growth=$(echo "scale=3; ${aw_mb[2x]} / ${aw_mb[1x]}" | bc -l)
echo
for s in 1x 2x; do
  check "$s speed-up ≥ 10× ($(echo "scale=1; ${py_s[$s]} / ${aw_s[$s]}" | bc -l)×)" "${py_s[$s]} >= 10 * ${aw_s[$s]}"
  check "$s peak RSS ≤ 1/10 of get_gene_data's (${aw_mb[$s]} vs ${py_mb[$s]} MB)" "${aw_mb[$s]} * 10 <= ${py_mb[$s]}"
done
check "atlasweave peak RSS 2x/1x within 10% (${growth})" "$growth <= 1.10"
check "heatmap stage < 1 s (${heatmap_s} s)" "${heatmap_s:-99} < 1"
exit $status
