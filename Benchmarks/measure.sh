# Shared by the benchmark scripts (sourced): timing and peak memory of one command.

# Wall seconds and peak RSS (MB) of a command, from /usr/bin/time -v; its stdout goes to $3.
measure() { # label logfile stdout-file command…
  local log=$2 out=$3; shift 3
  /usr/bin/time -v "$@" >"$out" 2>"$log"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$log")
  echo "$wall $rss"
}
# CPU seconds (user + system) of the command measured into logfile $1: less sensitive to the
# machine's load than wall time.
cpu_seconds() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"; }
best() { sort -g | head -1; }
largest() { sort -g | tail -1; }
