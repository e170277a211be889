#!/usr/bin/env bash
# The outbox of this tree against the outbox of another commit, side by side in one run:
#   benchmarks/outbox-compare.sh [BASE commit, default e47bc72: main before issue 15's attempt stamps]
# Both builds run the same measurement code (this tree's benchmarks/Hyperswitch.Email.OutboxBenchmarks/AttemptCost.cs,
# copied into an export of BASE), in turns within each of RUNS rounds, against one smtp-sink and one PostgreSQL
# (fsync and synchronous_commit on, as run.sh), and a SQLite file. Writes the table to OUTPUT
# (benchmarks/outbox-compare.md), which run.sh puts in docs/performance.md.
#
# Knobs (environment): RUNS (3), EMAILS (2000, per drain), LATENCY_EMAILS (300, per latency run), OUTPUT.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
BASE=${1:-e47bc72}
RUNS=${RUNS:-3}
EMAILS=${EMAILS:-2000}
LATENCY_EMAILS=${LATENCY_EMAILS:-300}
OUTPUT=${OUTPUT:-benchmarks/outbox-compare.md}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d)
pg_dir=$(mktemp -d /tmp/outbox-compare-pg-XXXXXX)
groups=()
stop_all() {
  for group in "${groups[@]}"; do kill -TERM -- "-$group" 2>/dev/null || true; done
  for group in "${groups[@]}"; do
    for _ in $(seq 50); do kill -0 -- "-$group" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$group" 2>/dev/null || true
  done
  groups=()
}
cleanup() { stop_all; rm -rf "$work" "$pg_dir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}
wait_for_port() {
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || { log "the server on port $1 exited"; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { log "nothing answers on port $1 after $2 s"; return 1; }
    sleep 0.2
  done
}
started=$SECONDS
load_start=$(load)

# --- Both builds -----------------------------------------------------------------------------------------------------
base_commit=$(git rev-parse --short "$BASE")
head_commit=$(git rev-parse --short HEAD)
[ -z "$(git status --porcelain -- src benchmarks)" ] || head_commit="$head_commit+changes"
mkdir -p "$work/before"
git archive "$BASE" | tar -x -C "$work/before"
cp benchmarks/Hyperswitch.Email.OutboxBenchmarks/*.cs "$work/before/benchmarks/Hyperswitch.Email.OutboxBenchmarks/"
log "building $base_commit (before) and $head_commit (after), Release"
for tree in "$work/before" "$root"; do
  dotnet build "$tree/benchmarks/Hyperswitch.Email.OutboxBenchmarks/Hyperswitch.Email.OutboxBenchmarks.csproj" -c Release -v quiet -nologo >>"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }
done
before="$work/before/benchmarks/Hyperswitch.Email.OutboxBenchmarks/bin/Release/net10.0/Hyperswitch.Email.OutboxBenchmarks.dll"
after="$root/benchmarks/Hyperswitch.Email.OutboxBenchmarks/bin/Release/net10.0/Hyperswitch.Email.OutboxBenchmarks.dll"

# --- smtp-sink, from Debian's postfix package (as run.sh) ------------------------------------------------------------
if ! apt-cache show postfix >/dev/null 2>&1; then apt-get update -qq; fi
(cd "$work" && apt-get download postfix >/dev/null 2>&1)
deb=$(ls "$work"/postfix_*.deb)
dpkg-deb -x "$deb" "$work/postfix"
sink_bin="$work/postfix/usr/sbin/smtp-sink"
sink_libs="$work/postfix/usr/lib/postfix"
if LD_LIBRARY_PATH="$sink_libs" ldd "$sink_bin" | grep -q 'not found'; then
  libraries=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -E 's/^ *//; s/ .*//; s/\|.*//' | grep '^lib' || true)
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $libraries >/dev/null
fi
sink_port=$(free_port)
sink_user=()
[ "$(id -u)" -eq 0 ] && sink_user=(-u nobody)
setsid env LD_LIBRARY_PATH="$sink_libs" "$sink_bin" "${sink_user[@]}" -m 1024 "127.0.0.1:$sink_port" 1024 >"$work/smtp-sink.log" 2>&1 &
groups+=("$!")
wait_for_port "$sink_port" 10 "$!"

# --- PostgreSQL, default durability (as run.sh) ----------------------------------------------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_version=$("$pg_bin/postgres" --version | awk '{print $3}')
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pg_dir"; as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups); fi
"${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust --no-locale --encoding=UTF8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log"; exit 1; }
pg_port=$(free_port)
setsid "${as_postgres[@]}" "$pg_bin/postgres" -D "$pg_dir/data" -c listen_addresses=127.0.0.1 -c "port=$pg_port" \
  -c "unix_socket_directories=$pg_dir" >"$work/postgres.log" 2>&1 &
groups+=("$!")
wait_for_port "$pg_port" 60 "$!"
sleep 1

# --- Turns: before, after, before, after, ... ------------------------------------------------------------------------
csv="$work/attempt-cost.tsv"
for run in $(seq "$RUNS"); do
  for label in before after; do
    dll=$before; [ "$label" = after ] && dll=$after
    log "round $run: $label (load average $(load))"
    timeout 1200 dotnet "$dll" attempt-cost --label "$label" --smtp-port "$sink_port" \
      --postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" \
      --emails "$EMAILS" --latency-emails "$LATENCY_EMAILS" --csv "$csv" 2>>"$work/runs.log" || { tail -50 "$work/runs.log"; exit 1; }
  done
done
load_end=$(load)
elapsed=$((SECONDS - started))
{
  echo "Generated by \`benchmarks/outbox-compare.sh $BASE\` on $(date -u '+%Y-%m-%d %H:%M UTC') in $((elapsed / 60)) min $((elapsed % 60)) s: \`before\` is $base_commit, \`after\` is $head_commit,"
  echo "in turns within each of $RUNS rounds (same process pattern, same smtp-sink, PostgreSQL $pg_version with fsync on, a SQLite file in WAL mode)."
  echo "Enqueue-to-sent: $LATENCY_EMAILS emails one at a time per round (each its own batch, whose stamp rides in the claim's transaction), from the \`SaveChanges\` that enqueues it to its"
  echo "outcome recorded as sent. Drain: $EMAILS emails enqueued ahead, one dispatcher (batches of 50, 4 sends at a time) drains them; the runs in brackets."
  echo "Load average $load_start at start, $load_end at the end (2 cores shared with other builds)."
  echo
  dotnet "$after" attempt-cost-report --csv "$csv" --baseline before
} >"$OUTPUT"
cat "$OUTPUT"
log "wrote $OUTPUT in $elapsed s"
