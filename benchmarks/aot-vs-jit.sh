#!/usr/bin/env bash
# The AOT smoke program (tests/Hyperswitch.Email.AotSmoke) native and on the JIT: size on disk, start-to-first-email
# time and peak RSS, each the median of RUNS sends (one process each) after one warm-up send against the same
# smtp4dev. Figures for docs/performance.md. Usage: benchmarks/aot-vs-jit.sh  (RUNS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

dotnet tool restore >/dev/null
dotnet publish tests/Hyperswitch.Email.AotSmoke -c Release -r linux-x64 -o "$out/aot" -p:TreatWarningsAsErrors=true >/dev/null
dotnet publish tests/Hyperswitch.Email.AotSmoke -c Release -r linux-x64 --self-contained false -p:PublishAot=false -o "$out/jit" >/dev/null

measure() {  # <name> <command...>
  local name=$1; shift
  mkdir -p "$out/$name-times"
  RUNS=$((runs + 1)) TIME_DIR="$out/$name-times" bash tests/Hyperswitch.Email.AotSmoke/run-against-smtp4dev.sh "$@" >/dev/null
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Run 1 is the warm-up (smtp4dev's own first session); runs 2.. are measured.
figures() {  # <name>
  local dir="$out/$1-times" first rss wall
  first=$(for i in $(seq 2 $((runs + 1))); do grep -Eo '[0-9]+ ms after the process started' "$dir/run-$i.out" | awk '{ print $1 }'; done | median)
  rss=$(for i in $(seq 2 $((runs + 1))); do awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/run-$i.time"; done | median)
  wall=$(for i in $(seq 2 $((runs + 1))); do awk -F': ' '/Elapsed \(wall clock\)/ { split($2, t, ":"); print (t[1] * 60 + t[2]) * 1000 }' "$dir/run-$i.time"; done | median)
  echo "$first $rss $wall"
}

measure aot "$out/aot/Hyperswitch.Email.AotSmoke"
measure jit "$out/jit/Hyperswitch.Email.AotSmoke"
read -r aot_first aot_rss aot_wall < <(figures aot)
read -r jit_first jit_rss jit_wall < <(figures jit)
aot_size=$(stat -c %s "$out/aot/Hyperswitch.Email.AotSmoke")
jit_size=$(find "$out/jit" -type f ! -name '*.pdb' ! -name '*.xml' -printf '%s\n' | awk '{ s += $1 } END { print s }')

echo "| | Native AOT | JIT (framework-dependent) |"
echo "|---|---|---|"
echo "| On disk | $((aot_size / 1024)) KiB (one file) | $((jit_size / 1024)) KiB (app only; plus the shared .NET runtime) |"
echo "| Process start to email accepted (median of $runs) | ${aot_first} ms | ${jit_first} ms |"
echo "| Whole process, wall clock (median of $runs) | ${aot_wall} ms | ${jit_wall} ms |"
echo "| Peak RSS (median of $runs) | $((aot_rss / 1024)) MiB | $((jit_rss / 1024)) MiB |"
