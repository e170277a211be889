#!/usr/bin/env bash
# Runs the quick-start app against a local smtp4dev: one command, loopback only. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

smtp_port=${SMTP_PORT:-2525}
inbox_port=${INBOX_PORT:-5081}
app_url=${APP_URL:-http://127.0.0.1:5080}

dotnet tool restore >/dev/null
data=$(mktemp -d)
dotnet tool run smtp4dev -- --urls="http://127.0.0.1:${inbox_port}" --smtpport="${smtp_port}" --bindaddress=127.0.0.1 \
  --imapport= --pop3port= --db= --nousersettings --baseappdatapath="$data" --tlsmode=None >"$data/smtp4dev.log" 2>&1 &
smtp4dev=$!
trap 'kill $smtp4dev 2>/dev/null; rm -rf "$data"' EXIT

echo "smtp4dev inbox: http://127.0.0.1:${inbox_port}   (SMTP on 127.0.0.1:${smtp_port})"
echo "Try: curl -i -X POST ${app_url}/signup -H 'Content-Type: application/json' -d '{\"email\":\"jane@example.com\"}'"
Email__Smtp__Port="${smtp_port}" dotnet run --project samples/QuickStart --urls "${app_url}"
