#!/usr/bin/env bash
# Times sampling 200,000 of 4 million rows with atlasweave's R-compatible sampler (the samplebench
# target, in process) against R's own sample.int, and checks both draw the same values.
#
#   Benchmarks/sampling/run.sh [--rows N] [--size K] [--seed S] [--repeat R]
#
# Prints the best of R runs of each: R's `sample.int` (timed inside R with system.time, so
# starting R is not counted), atlasweave's `RRandom.sampleInt`, and atlasweave's whole downsample
# plan (cluster counts, kept rows, the draw) on an in-memory table, wall and CPU time. Target: the
# whole plan under 1 s of wall time (the sampling alone is a fraction of it).
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=4000000
size=200000
seed=42
repeat=5
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--size K] [--seed S] [--repeat R]" >&2; exit 2 ;;
  esac
done
command -v Rscript >/dev/null || { echo "needs Rscript (Debian r-base-core)" >&2; exit 1; }
swift build -c release --static-swift-stdlib --product samplebench >/dev/null
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)/samplebench

r_out=$(Rscript -e '
  a <- as.numeric(commandArgs(trailingOnly = TRUE))
  best <- Inf
  for (i in seq_len(a[4])) { set.seed(a[3]); t <- system.time(x <- sample.int(a[1], a[2]))[["elapsed"]]; best <- min(best, t) }
  cat("sample.int first", head(x, 5), "sum", format(sum(as.numeric(x)), scientific = FALSE), "\n")
  cat(sprintf("R sample.int(%.0f, %.0f): %.4f s\n", a[1], a[2], best))
' "$rows" "$size" "$seed" "$repeat")
ours=$("$bin" "$rows" "$size" "$seed" "$repeat")

echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); best of $repeat"
echo "$r_out"
echo "$ours"
r_draw=$(echo "$r_out" | sed -n 's/^sample.int first //p' | tr -s ' ' | sed 's/ $//')
our_draw=$(echo "$ours" | sed -n 's/^sample.int first //p')
if [ "$r_draw" = "$our_draw" ]; then echo "same draw as R: yes"; else echo "same draw as R: NO ($r_draw vs $our_draw)"; exit 1; fi
r_s=$(echo "$r_out" | sed -n 's/^R sample.int.*: \([0-9.]*\) s$/\1/p')
s_s=$(echo "$ours" | sed -n 's/^sample.int(.*: \([0-9.]*\) s (CPU.*$/\1/p')
p_s=$(echo "$ours" | sed -n 's/^downsample plan.*: \([0-9.]*\) s (CPU.*$/\1/p')
ratio=$(echo "$r_s" | awk -v s="$s_s" '$1 > 0 { printf "%.2f", s / $1; next } { print "n/a (R below its 1 ms clock)" }')
met=$(awk -v p="$p_s" 'BEGIN { print (p < 1 ? "met" : "MISSED") }')
printf 'atlasweave sample.int %.4f s vs R %.4f s (atlasweave / R: %s); whole plan %.4f s (target < 1 s: %s)\n' \
  "$s_s" "$r_s" "$ratio" "$p_s" "$met"
[ "$met" = met ]
