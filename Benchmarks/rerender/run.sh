#!/usr/bin/env bash
# Re-render figure for the stage cache: time a second render of an unchanged report, which
# should take well under 1 s however large its inputs and outputs are (their checksums come
# from the .atlasweave/file-hashes.json memo, not from reading them again).
#
#   Benchmarks/rerender/run.sh [REPORT.md [render flags…]]
#
# Without a report it builds one under Benchmarks/work/rerender/ whose stages summarise a
# 2 GiB (sparse) file, so the first render reads 2 GiB and the second reads nothing.
# Prints the first and second render times and fails if the second did not take every stage
# from the cache or took 1 s or more.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/.build/release/atlasweave"
[ -x "$bin" ] || (cd "$root" && swift build -c release --static-swift-stdlib --product atlasweave >&2)

if [ $# -ge 1 ]; then
  report=$1; shift
else
  work="$root/Benchmarks/work/rerender"
  mkdir -p "$work"
  [ -f "$work/big.bin" ] || truncate -s 2G "$work/big.bin"
  printf 'a,b\n1,2\n' > "$work/small.csv"
  cat > "$work/rerender.md" <<'MD'
# Re-render benchmark

```{file-summary}
id: big
files: big.bin
```

```{file-summary}
id: small
files: small.csv
```
MD
  report="$work/rerender.md"
  rm -rf "$work/.atlasweave"
fi

seconds() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); echo "$e - $s" | bc; }
log=$(mktemp)
first=$(seconds "$bin" render "$report" "$@" 2>"$log")
second=$(seconds "$bin" render "$report" "$@" 2>"$log")
echo "first render:  ${first} s"
echo "second render: ${second} s (unchanged report)"
if grep -q ' … ran ' "$log"; then
  echo "FAIL: stages ran on the second render:" >&2; grep ' … ran ' "$log" >&2; exit 1
fi
if [ "$(echo "$second >= 1" | bc)" = 1 ]; then echo "FAIL: second render took 1 s or more" >&2; exit 1; fi
echo "ok: every stage cached, under 1 s"
