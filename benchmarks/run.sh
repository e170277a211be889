#!/usr/bin/env bash
# Reproduces docs/performance.md on this machine, with one command: benchmarks/run.sh
#
# - Postfix's smtp-sink (plaintext) comes from Debian's postfix package, downloaded and unpacked into a temporary
#   folder: no mail server is installed or started, only smtp-sink, bound to 127.0.0.1 on a free port.
# - smtp4dev (STARTTLS) comes from the repository's tool manifest; its self-signed certificate is trusted by SHA-256
#   thumbprint (Email:Smtp:TrustedCertificateThumbprint for the library, the same check for raw MailKit).
# - The load driver measures every client side by side in one process per (sink, concurrency); then the
#   BenchmarkDotNet micro-benchmarks run. Every process started here is stopped on exit.
#
# Knobs (environment): RUNS (3), SECONDS_PER_RUN (3), OUTPUT (docs/performance.md), SKIP_MICRO (unset), SKIP_OUTBOX (unset),
# SKIP_WARMUP (unset), WARMUP_SENDS (20000; benchmarks/warmup.sh's SENDS).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

RUNS=${RUNS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-3}
OUTPUT=${OUTPUT:-docs/performance.md}
command_line="benchmarks/run.sh"
[ "$RUNS" != 3 ] && command_line="RUNS=$RUNS $command_line"
[ "$SECONDS_PER_RUN" != 3 ] && command_line="SECONDS_PER_RUN=$SECONDS_PER_RUN $command_line"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# shellcheck source=benchmarks/common.sh
source "$root/benchmarks/common.sh"

started=$SECONDS
log "load average at start: $(load)"
load_start=$(load)

start_smtp_sink

# --- smtp4dev with STARTTLS, from the tool manifest ------------------------------------------------------------------
dotnet tool restore >/dev/null
smtp4dev_version=$(sed -nE '/smtp4dev/,/version/ s/.*"version": *"([^"]+)".*/\1/p' .config/dotnet-tools.json | head -1)
smtp4dev_port=$(free_port)
smtp4dev_web=$(free_port)
smtp4dev_data="$work/smtp4dev"
mkdir -p "$smtp4dev_data"
setsid dotnet tool run smtp4dev -- \
  "--urls=http://127.0.0.1:$smtp4dev_web" "--smtpport=$smtp4dev_port" --bindaddress=127.0.0.1 \
  --imapport= --pop3port= --db= --nousersettings "--baseappdatapath=$smtp4dev_data" --hostname=localhost \
  --tlsmode=StartTls --smtpallowanycredentials- --messagestokeep=1000 --sessionstokeep=1000 --relaysmtpserver= \
  >"$work/smtp4dev.log" 2>&1 &
smtp4dev_pid=$!
groups+=("$smtp4dev_pid")

# --- Build (Release) while smtp4dev starts ---------------------------------------------------------------------------
log "building the benchmarks (Release)"
dotnet build benchmarks/Hyperswitch.Email.LoadDriver/Hyperswitch.Email.LoadDriver.csproj -c Release -v quiet -nologo >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
dotnet build benchmarks/Hyperswitch.Email.MicroBenchmarks/Hyperswitch.Email.MicroBenchmarks.csproj -c Release -v quiet -nologo >>"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
dotnet build benchmarks/Hyperswitch.Email.OutboxBenchmarks/Hyperswitch.Email.OutboxBenchmarks.csproj -c Release -v quiet -nologo >>"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
driver="benchmarks/Hyperswitch.Email.LoadDriver/bin/Release/net10.0/Hyperswitch.Email.LoadDriver.dll"
micro="benchmarks/Hyperswitch.Email.MicroBenchmarks/bin/Release/net10.0/Hyperswitch.Email.MicroBenchmarks.dll"
outbox="benchmarks/Hyperswitch.Email.OutboxBenchmarks/bin/Release/net10.0/Hyperswitch.Email.OutboxBenchmarks.dll"

wait_for_port "$smtp4dev_port" 120 "$smtp4dev_pid" || { cat "$work/smtp4dev.log"; exit 1; }
certificate="$smtp4dev_data/selfsigned-certificate.cer"
for _ in $(seq 50); do [ -s "$certificate" ] && break; sleep 0.2; done
# The SHA-256 thumbprint is the SHA-256 of the DER certificate, which is what smtp4dev writes to the .cer file.
thumbprint=$(sha256sum "$certificate" | cut -d' ' -f1)
log "smtp4dev $smtp4dev_version (STARTTLS) on 127.0.0.1:$smtp4dev_port, certificate SHA-256 $thumbprint"

# --- The load matrix ------------------------------------------------------------------------------------------------
results="$work/results.csv"
run_driver() {  # sink name, port, security, concurrency, extra arguments...
  local sink=$1 port=$2 security=$3 concurrency=$4
  shift 4
  log "load: $sink $security C=$concurrency (load average $(load))"
  timeout 600 dotnet "$driver" run --sink "$sink" --port "$port" --security "$security" --concurrency "$concurrency" \
    --runs "$RUNS" --seconds "$SECONDS_PER_RUN" --warmup-seconds 0.5 --initial-warmup-seconds 2 --csv "$results" "$@" \
    | tee -a "$work/driver.log" >&2
}
run_driver smtp-sink "$sink_port" plaintext 1
run_driver smtp-sink "$sink_port" plaintext 8
run_driver smtp4dev "$smtp4dev_port" starttls 1 --thumbprint "$thumbprint"
run_driver smtp4dev "$smtp4dev_port" starttls 8 --thumbprint "$thumbprint"
load_after_load=$(load)

# --- Micro-benchmarks (the send-path group sends to smtp-sink) --------------------------------------------------------
micro_table="$work/micro.md"
if [ -z "${SKIP_MICRO:-}" ]; then
  log "micro-benchmarks (load average $(load))"
  (cd "$work" && HYPERSWITCH_BENCH_SMTP_PORT="$sink_port" timeout 900 dotnet "$root/$micro" --filter '*' --markdown "$micro_table" >"$work/micro.log" 2>&1) \
    || { tail -50 "$work/micro.log"; exit 1; }
else
  echo "(skipped: SKIP_MICRO was set)" >"$micro_table"
fi

# --- The outbox: what a signup request pays to enqueue, and how fast a dispatcher drains (SQLite and PostgreSQL) -------
# PostgreSQL from Debian's package (installed if missing), a throwaway cluster on a free loopback port with the default
# durability settings (fsync and synchronous_commit on), run as the postgres user, removed on exit.
outbox_table="$work/outbox.md"
if [ -z "${SKIP_OUTBOX:-}" ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing Debian's postgresql package"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_version=$("$pg_bin/postgres" --version | awk '{print $3}')
  pg_dir=$(mktemp -d /tmp/outbox-bench-pg-XXXXXX)
  as_postgres=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$pg_dir"
    as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups)
  fi
  trap 'stop_all; rm -rf "$work" "$pg_dir"' EXIT
  "${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust --no-locale --encoding=UTF8 >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log"; exit 1; }
  pg_port=$(free_port)
  setsid "${as_postgres[@]}" "$pg_bin/postgres" -D "$pg_dir/data" -c listen_addresses=127.0.0.1 -c "port=$pg_port" \
    -c "unix_socket_directories=$pg_dir" >"$work/postgres.log" 2>&1 &
  pg_pid=$!
  groups+=("$pg_pid")
  wait_for_port "$pg_port" 60 "$pg_pid" || { cat "$work/postgres.log"; exit 1; }
  log "outbox: SQLite and PostgreSQL $pg_version on 127.0.0.1:$pg_port (load average $(load))"
  timeout 1800 dotnet "$outbox" --smtp-port "$sink_port" --starttls-port "$smtp4dev_port" --starttls-thumbprint "$thumbprint" \
    --postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" --runs "$RUNS" --markdown "$outbox_table" \
    >"$work/outbox.log" 2>&1 || { tail -50 "$work/outbox.log"; exit 1; }
else
  pg_version="(not run)"
  echo "(skipped: SKIP_OUTBOX was set)" >"$outbox_table"
fi

# --- What users feel: the first email, the warm-up curve, memory (each client in a fresh process; its own smtp-sink) ---
warmup_table="$work/warmup.md"
if [ -z "${SKIP_WARMUP:-}" ]; then
  log "warm-up: every client in fresh processes (load average $(load))"
  RUNS="$RUNS" SENDS="${WARMUP_SENDS:-20000}" timeout 1800 benchmarks/warmup.sh >"$warmup_table" 2>"$work/warmup.log" \
    || { tail -50 "$work/warmup.log"; exit 1; }
else
  echo "(skipped: SKIP_WARMUP was set)" >"$warmup_table"
fi
load_end=$(load)
stop_all

# --- docs/performance.md ---------------------------------------------------------------------------------------------
dotnet_sdk=$(dotnet --version)
dotnet_runtime=$(dotnet --list-runtimes | sed -nE 's/^Microsoft\.NETCore\.App ([^ ]+).*/\1/p' | tail -1)
package_version() { sed -nE "s/.*PackageVersion Include=\"$1\" Version=\"([^\"]+)\".*/\1/p" Directory.Packages.props; }
cpu=$(sed -nE 's/^model name\s*:\s*(.*)/\1/p' /proc/cpuinfo | head -1)
memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
elapsed=$((SECONDS - started))

{
  echo "# Performance"
  echo
  echo "Generated by \`$command_line\` on $(date -u '+%Y-%m-%d %H:%M UTC') in $((elapsed / 60)) min $((elapsed % 60)) s. Do not edit by hand: rerun the script."
  echo
  echo "Each client sends the same 4 KB HTML signup email (with a plain-text alternative) to one recipient, over loopback,"
  echo "for ${SECONDS_PER_RUN} s per measurement after a 0.5 s warm-up (and a 2 s warm-up of every client before the first round)."
  echo "The clients take turns within each of the $RUNS rounds, in one process per sink and concurrency C (C workers, each sending"
  echo "one message at a time), so every ratio compares figures measured minutes apart at most, against the same sink."
  echo
  echo "## Load"
  echo
  dotnet "$driver" summarize "$results"
  echo
  echo "## What users feel: the first email, the warm-up, memory"
  echo
  echo "Reproduced by \`benchmarks/warmup.sh\` (which this script runs; \`RUNS=3 benchmarks/warmup.sh\` alone prints the"
  echo "tables). Each client runs in a fresh process, so the first email includes the runtime's start, the JIT and every"
  echo "first use; the clients alternate within each run against the same Postfix \`smtp-sink\`; nodemailer runs under"
  echo "Node.js from \`benchmarks/warmup/package-lock.json\`. \"First email\" is the time from the process's start to the first"
  echo "accepted email; the last bucket stands for the steady state."
  echo
  cat "$warmup_table"
  echo
  cat benchmarks/warmup-notes.md
  echo
  echo "## Micro-benchmarks"
  echo
  echo "BenchmarkDotNet $(package_version BenchmarkDotNet), in-process, \`[MemoryDiagnoser]\`: bytes allocated per operation are exact;"
  echo "times are medians of a short job, good for ranking. The send-path group sends to smtp-sink on an open connection."
  echo
  cat "$micro_table"
  echo
  echo "## Outbox (Hyperswitch.Email.EntityFrameworkCore)"
  echo
  cat "$outbox_table"
  echo
  echo "### Outbox: the cost of recording each attempt"
  echo
  echo "Every attempt is counted and stamped in its row before the message is sent (issue 15). What that costs, measured by"
  echo "\`benchmarks/outbox-compare.sh\` (this tree against the commit before the change, side by side; run on its own, and"
  echo "kept in benchmarks/outbox-compare.md):"
  echo
  cat benchmarks/outbox-compare.md
  echo
  cat benchmarks/performance-notes.md
  echo
  # Measured by their own commands (rate-limit tests, the template micro-benchmarks, benchmarks/aot-vs-jit.sh).
  tail -n +3 benchmarks/performance-sections.md
  echo
  echo "## Machine and versions"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| CPU | $cpu, $(nproc) cores |"
  echo "| memory | $memory |"
  echo "| OS | $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r) |"
  echo "| load average (1, 5, 15 min) | start $load_start; after the load runs $load_after_load; end $load_end |"
  echo "| .NET | SDK $dotnet_sdk, runtime $dotnet_runtime |"
  echo "| MailKit / MimeKit | $(package_version MailKit) / $(package_version MimeKit) |"
  echo "| Postfix (smtp-sink) | $postfix_version (Debian package, smtp-sink only) |"
  echo "| smtp4dev | $smtp4dev_version |"
  echo "| PostgreSQL | $pg_version (Debian package; fsync and synchronous_commit on) |"
  echo "| SQLite | Microsoft.Data.Sqlite (bundled SQLite), a file in /tmp, WAL, the bundled library's default synchronous setting |"
  echo
  echo "Command: \`$command_line\` (from the repository root; installs smtp-sink's shared libraries with apt if missing)."
} >"$OUTPUT"

log "wrote $OUTPUT in $elapsed s"
