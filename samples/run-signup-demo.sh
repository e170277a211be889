#!/usr/bin/env bash
# Runs the SignupFlows sample against a local smtp4dev inbox: one command, loopback only. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

smtp_port=${SMTP_PORT:-2525}
inbox_port=${INBOX_PORT:-5091}
app_url=${APP_URL:-http://127.0.0.1:5090}

dotnet tool restore >/dev/null
data=$(mktemp -d)
database=${SIGNUP_DB:-$data/signupflows.db}

# smtp4dev in its own process group (job control on), so that stopping it stops every process it started.
set -m
dotnet tool run smtp4dev -- --urls="http://127.0.0.1:${inbox_port}" --smtpport="${smtp_port}" --bindaddress=127.0.0.1 \
  --imapport= --pop3port= --db= --nousersettings --baseappdatapath="$data" --tlsmode=None >"$data/smtp4dev.log" 2>&1 &
smtp4dev=$!
set +m
app=
stop() {
  for pid in $app $smtp4dev; do kill -- -"$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$data"
}
trap stop EXIT
trap 'exit 130' INT TERM

# Build while smtp4dev starts, then wait (up to a minute) for its SMTP port.
dotnet build samples/SignupFlows --nologo >"$data/build.log" 2>&1 || { cat "$data/build.log"; exit 1; }
for _ in $(seq 1 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/${smtp_port}") 2>/dev/null && break
  kill -0 "$smtp4dev" 2>/dev/null || { cat "$data/smtp4dev.log"; exit 1; }
  sleep 0.5
done

cat <<INFO

  App:            ${app_url}/   (the endpoints are listed there)
  smtp4dev inbox: http://127.0.0.1:${inbox_port}/   (SMTP on 127.0.0.1:${smtp_port})
  Users database: ${database}

  Try: curl -i -X POST ${app_url}/register -H 'Content-Type: application/json' -d '{"email":"jane@example.com","password":"Passw0rd!"}'

INFO
set -m
Email__Smtp__Host=127.0.0.1 Email__Smtp__Port="${smtp_port}" Email__Smtp__Connection=plaintext \
  App__BaseUrl="${app_url}/" Database="${database}" \
  dotnet run --no-build --project samples/SignupFlows --no-launch-profile --urls "${app_url}" &
app=$!
set +m
wait "$app"
