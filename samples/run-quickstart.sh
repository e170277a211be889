#!/usr/bin/env bash
# Runs the quick-start app against a local smtp4dev inbox: one command, loopback only. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source samples/lib/smtp4dev.sh

smtp_port=${SMTP_PORT:-2525}
inbox_port=${INBOX_PORT:-5081}
app_url=${APP_URL:-http://127.0.0.1:5080}
data=$(mktemp -d)

start_smtp4dev "$data" "$smtp_port" "$inbox_port"
dotnet build samples/QuickStart --nologo >"$data/build.log" 2>&1 || { cat "$data/build.log"; exit 1; }
wait_for_smtp4dev

cat <<INFO

  smtp4dev inbox: http://127.0.0.1:${inbox_port}/   (SMTP on 127.0.0.1:${smtp_port})
  Try: curl -i -X POST ${app_url}/signup -H 'Content-Type: application/json' -d '{"email":"jane@example.com"}'

INFO
Email__Smtp__Port="${smtp_port}" run_app dotnet run --no-build --project samples/QuickStart --no-launch-profile --urls "${app_url}"
