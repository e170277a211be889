#!/usr/bin/env bash
# Runs the SignupFlows sample against a local smtp4dev inbox: one command, loopback only. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source samples/lib/smtp4dev.sh

smtp_port=${SMTP_PORT:-2525}
inbox_port=${INBOX_PORT:-5091}
app_url=${APP_URL:-http://127.0.0.1:5090}
data=$(mktemp -d)
database=${SIGNUP_DB:-$data/signupflows.db}

start_smtp4dev "$data" "$smtp_port" "$inbox_port"

# Build while smtp4dev starts.
dotnet build samples/SignupFlows --nologo >"$data/build.log" 2>&1 || { cat "$data/build.log"; exit 1; }
wait_for_smtp4dev

cat <<INFO

  App:            ${app_url}/   (the endpoints are listed there)
  smtp4dev inbox: http://127.0.0.1:${inbox_port}/   (SMTP on 127.0.0.1:${smtp_port})
  Database:       ${database}   (the users, the email outbox and the suppression list)

  Try: curl -i -X POST ${app_url}/register -H 'Content-Type: application/json' -d '{"email":"jane@example.com","password":"Passw0rd!"}'

INFO
Email__Smtp__Host=127.0.0.1 Email__Smtp__Port="${smtp_port}" Email__Smtp__Connection=plaintext \
  App__BaseUrl="${app_url}/" Database="${database}" \
  run_app dotnet run --no-build --project samples/SignupFlows --no-launch-profile --urls "${app_url}"
