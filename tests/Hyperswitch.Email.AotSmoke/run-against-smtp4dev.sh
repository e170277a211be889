#!/usr/bin/env bash
# Runs a build of Hyperswitch.Email.AotSmoke (the native binary, or `dotnet <dll>` for the JIT) against a throwaway
# smtp4dev from the repository's tool manifest, and succeeds only when smtp4dev's API shows the email.
# Usage: run-against-smtp4dev.sh <command...>     e.g. run-against-smtp4dev.sh /tmp/aot/Hyperswitch.Email.AotSmoke
# With RUNS=<n> it sends n times (one process each); with TIME_DIR=<dir>, each run is under /usr/bin/time -v, which
# writes its figures (peak RSS, wall time) to <dir>/run-<i>.time, beside the program's output in <dir>/run-<i>.out.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 <command...>" >&2; exit 2; }
cd "$(dirname "$0")/../.."

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free loopback port found" >&2; return 1
}

smtp_port=$(free_port)
web_port=$(free_port)
data=$(mktemp -d)
smtp4dev_log="$data/smtp4dev.log"
dotnet tool run smtp4dev -- --urls="http://127.0.0.1:$web_port" --smtpport="$smtp_port" --bindaddress=127.0.0.1 \
  --imapport= --pop3port= --db= --nousersettings --baseappdatapath="$data" --hostname=localhost --tlsmode=None \
  --user=mailer=Corr3ct-H0rse --smtpallowanycredentials- --relaysmtpserver= >"$smtp4dev_log" 2>&1 &
smtp4dev_pid=$!
trap 'kill "$smtp4dev_pid" 2>/dev/null; wait "$smtp4dev_pid" 2>/dev/null; rm -rf "$data"' EXIT

fail() { echo "AOT smoke test FAILED: $*" >&2; echo "--- smtp4dev's last output:" >&2; tail -n 20 "$smtp4dev_log" >&2; exit 1; }

# smtp4dev ready: its API answers (bounded: 120 s).
for i in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$web_port/api/messages" >/dev/null 2>&1 && break
  kill -0 "$smtp4dev_pid" 2>/dev/null || fail "smtp4dev exited before it was ready"
  [ "$i" -lt 240 ] || fail "smtp4dev did not answer within 120 s"
  sleep 0.5
done

export Email__SenderEmail=no-reply@aot.example
export Email__SenderName="AOT smoke"
export Email__Smtp__Host=127.0.0.1
export Email__Smtp__Port="$smtp_port"
# Spellings the source-generated binding must convert after binding: Hyperswitch's "plaintext", secrets as strings.
export Email__Smtp__Connection=plaintext
export Email__Smtp__Username=mailer
export Email__Smtp__Password=Corr3ct-H0rse
export Email__Smtp__AllowPlaintextAuthentication=true
export Email__Smtp__Timeout=30

for run in $(seq 1 "${RUNS:-1}"); do
  subject="AOT smoke $(date +%s%N)"
  output="$data/run-$run.out"
  if [ -n "${TIME_DIR:-}" ]; then
    output="$TIME_DIR/run-$run.out"
    timeout 120 /usr/bin/time -v -o "$TIME_DIR/run-$run.time" "$@" jane@example.com "$subject" >"$output" 2>&1 \
      || { cat "$output" >&2; fail "the program exited with an error"; }
  else
    timeout 120 "$@" jane@example.com "$subject" >"$output" 2>&1 || { cat "$output" >&2; fail "the program exited with an error"; }
  fi
  cat "$output"
  if grep -q "Corr3ct-H0rse" "$output"; then fail "the program printed the SMTP password"; fi

  # The email arrived: smtp4dev lists it (bounded: 30 s).
  for i in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$web_port/api/messages" | grep -qF "$subject"; then
      echo "smtp4dev received \"$subject\"."
      break
    fi
    [ "$i" -lt 60 ] || fail "smtp4dev has no email with the subject \"$subject\" after 30 s"
    sleep 0.5
  done
done
