#!/usr/bin/env bash
# What users feel: the first email after a process starts, the warm-up curve and the peak RSS, for the library
# (per-send and pooled), raw MailKit (HTML only, as most users write it; the library's multipart; one reused
# connection) and nodemailer (per-send and pooled), each client in a fresh process, RUNS times, interleaved, against
# the same Postfix smtp-sink. Prints a markdown section with the medians; docs/performance.md holds its last output.
#
# Knobs (environment): RUNS (3), SENDS (20000 per process: the last bucket, sends 10,001 on, is the steady state,
# when the JIT's background tier-up has settled), CLIENTS (below), READY_TO_RUN (below).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
RUNS=${RUNS:-3}
SENDS=${SENDS:-20000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# shellcheck source=benchmarks/common.sh
source "$root/benchmarks/common.sh"
load_start=$(load)
start_smtp_sink

log "building the warm-up driver (Release) and installing nodemailer (npm ci)"
dotnet build benchmarks/Hyperswitch.Email.WarmUp/Hyperswitch.Email.WarmUp.csproj -c Release -v quiet -nologo >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
(cd benchmarks/warmup && npm ci --no-audit --no-fund --silent >"$work/npm.log" 2>&1) || { cat "$work/npm.log"; exit 1; }
driver="$root/benchmarks/Hyperswitch.Email.WarmUp/bin/Release/net10.0/Hyperswitch.Email.WarmUp.dll"
if [ -n "${READY_TO_RUN:-}" ]; then
  # READY_TO_RUN=1: the .NET clients as an application published with PublishReadyToRun runs them (the library, MailKit
  # and MimeKit precompiled alike), for the first email after start.
  log "publishing the warm-up driver ReadyToRun (linux-x64)"
  dotnet publish benchmarks/Hyperswitch.Email.WarmUp/Hyperswitch.Email.WarmUp.csproj -c Release -f net10.0 -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$work/ready-to-run" -v quiet -nologo >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
  driver="$work/ready-to-run/Hyperswitch.Email.WarmUp.dll"
fi
dotnet "$driver" dump "$work/email.html" "$work/email.txt"

results="$work/results.jsonl"
# CLIENTS (a space-separated subset) narrows a run, e.g. CLIENTS="library-pooled mailkit-reused"; library-pooled-text
# (the pooled library given the text part, so nothing is derived) is a diagnostic only run when named.
read -r -a clients <<<"${CLIENTS:-library library-pooled mailkit-html mailkit-multipart mailkit-reused nodemailer-per-send nodemailer-pooled}"
for run in $(seq "$RUNS"); do
  for client in "${clients[@]}"; do
    log "run $run/$RUNS: $client ($SENDS sends)"
    case "$client" in
      nodemailer-*) node benchmarks/warmup/nodemailer.mjs "${client#nodemailer-}" "$sink_port" "$SENDS" "$work/email.html" "$work/email.txt" >>"$results" ;;
      *) dotnet "$driver" "$client" "$sink_port" "$SENDS" >>"$results" ;;
    esac
  done
done
load_end=$(load)

python3 - "$results" "$RUNS" "$SENDS" "$postfix_version" "$(dotnet --version)" "$(node --version)" "$load_start" "$load_end" <<'PY'
import json, statistics, sys
path, runs, sends, postfix, dotnet, node, load_start, load_end = sys.argv[1:]
rows = [json.loads(line) for line in open(path)]
by = {}
for row in rows:
    by.setdefault(row["client"], []).append(row)
med = lambda values: statistics.median(values)
def metric(client, key):
    return med([r[key] for r in by[client]])
def bucket(client, index, key):
    return med([r["buckets"][index][key] for r in by[client]])
names = {
    "library": "library, per-send (`AddSmtpEmail` + `SendEmailAsync`)",
    "library-pooled": "library, pooled (`Email:Smtp:Pooling`, 1 connection)",
    "library-pooled-text": "library, pooled, text part given (diagnostic)",
    "layer-compose": "library's connection + composer, no pipeline or pool (diagnostic)",
    "layer-connection": "library's connection, MimeKit-built message (diagnostic)",
    "mailkit-html": "raw MailKit, per-send, HTML only",
    "mailkit-multipart": "raw MailKit, per-send, the library's multipart",
    "mailkit-reused": "raw MailKit, one reused connection, multipart",
    "nodemailer-per-send": "nodemailer, per-send",
    "nodemailer-pooled": "nodemailer, pooled (1 connection)",
}
labels = [f"{b['from']:,}–{b['to']:,}" for b in rows[0]["buckets"]]
print(f"| client (medians of {runs} fresh processes, {int(sends):,} sends each) | first email, ms from process start | second, ms | " + " | ".join(f"sends {l}: msg/s (CPU µs/msg)" for l in labels) + " | peak RSS, MB |")
print("|---|---:|---:|" + "---:|" * len(labels) + "---:|")
for client in names:
    if client not in by:
        continue
    cells = [f"{bucket(client, i, 'msgPerSecond'):,.0f} ({bucket(client, i, 'cpuMicrosecondsPerMessage'):,.0f})" for i in range(len(labels))]
    print(f"| {names[client]} | {metric(client, 'firstMs'):,.0f} | {metric(client, 'secondMs'):,.0f} | " + " | ".join(cells) + f" | {metric(client, 'peakRssMb'):,.0f} |")
print()
def ratio(a, b, get):
    return get(a) / get(b) if a in by and b in by else None
first = lambda c: metric(c, "firstMs")
early = lambda c: (bucket(c, 0, "msgPerSecond") * 100 + bucket(c, 1, "msgPerSecond") * 900) / 1000 if len(labels) > 1 else bucket(c, 0, "msgPerSecond")
steady = lambda c: bucket(c, len(labels) - 1, "msgPerSecond")
rss = lambda c: metric(c, "peakRssMb")
checks = [
    ("first email ≤ 1.5× raw MailKit's (HTML only)", ratio("library", "mailkit-html", first), "≤ 1.5", lambda r: r <= 1.5),
    ("sends 1–1,000, per-send ≥ 0.8× raw MailKit (multipart)", ratio("library", "mailkit-multipart", early), "≥ 0.8", lambda r: r >= 0.8),
    ("sends 1–1,000, pooled ≥ 0.8× a reused raw MailKit connection", ratio("library-pooled", "mailkit-reused", early), "≥ 0.8", lambda r: r >= 0.8),
    ("steady state, per-send ≥ 0.95× raw MailKit (multipart)", ratio("library", "mailkit-multipart", steady), "≥ 0.95", lambda r: r >= 0.95),
    ("steady state, pooled ≥ 0.95× a reused raw MailKit connection", ratio("library-pooled", "mailkit-reused", steady), "≥ 0.95", lambda r: r >= 0.95),
    ("peak RSS ≤ 1.25× raw MailKit's (multipart, per-send)", ratio("library", "mailkit-multipart", rss), "≤ 1.25", lambda r: r <= 1.25),
    ("sends 1–1,000, per-send, ahead of nodemailer", ratio("library", "nodemailer-per-send", early), "> 1", lambda r: r > 1),
    ("sends 1–1,000, pooled, ahead of nodemailer", ratio("library-pooled", "nodemailer-pooled", early), "> 1", lambda r: r > 1),
    ("steady state, per-send, ahead of nodemailer", ratio("library", "nodemailer-per-send", steady), "> 1", lambda r: r > 1),
    ("steady state, pooled, ahead of nodemailer", ratio("library-pooled", "nodemailer-pooled", steady), "> 1", lambda r: r > 1),
]
print("| target | ratio | holds |")
print("|---|---:|---|")
for name, value, bound, holds in checks:
    if value is None:
        continue
    print(f"| {name} ({bound}) | {value:.2f}× | {'yes' if holds(value) else '**no**'} |")
print()
jitted = [c for c in names if c in by and "jitMilliseconds" in by[c][0]["buckets"][0]]
if jitted:
    print("Where the .NET clients' CPU went besides sending: the JIT's compile time (every thread, tier 0 and the background")
    print("tier-up) and the methods it compiled, up to the first accepted email and in each bucket (medians):")
    print()
    print("| client | JIT up to the first email, ms | " + " | ".join(f"sends {l}: JIT ms (methods)" for l in labels) + " |")
    print("|---|---:|" + "---:|" * len(labels))
    for client in jitted:
        cells = [f"{bucket(client, i, 'jitMilliseconds'):,.0f} ({bucket(client, i, 'jitMethods'):,.0f})" for i in range(len(labels))]
        print(f"| {names[client]} | {metric(client, 'jitMillisecondsBeforeFirst'):,.0f} | " + " | ".join(cells) + " |")
    print()
print(f"Postfix smtp-sink {postfix}, .NET SDK {dotnet}, Node.js {node}; load average (1, 5, 15 min) at start {load_start}, at end {load_end}.")
PY
