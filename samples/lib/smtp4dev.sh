# Shared by the samples' run scripts: start smtp4dev on loopback, wait for it, stop everything on exit.
# Usage (after `source`): start_smtp4dev <data dir> <smtp port> <inbox port>; wait_for_smtp4dev; run_app <command...>

start_smtp4dev() {
  smtp4dev_data=$1 smtp4dev_smtp_port=$2
  dotnet tool restore >"$1/tool-restore.log" 2>&1 || { cat "$1/tool-restore.log" >&2; exit 1; }
  # In its own process group (job control on), so that stopping it stops every process it started.
  set -m
  dotnet tool run smtp4dev -- --urls="http://127.0.0.1:$3" --smtpport="$2" --bindaddress=127.0.0.1 \
    --imapport= --pop3port= --db= --nousersettings --baseappdatapath="$1" --tlsmode=None >"$1/smtp4dev.log" 2>&1 &
  smtp4dev_pid=$!
  set +m
  app_pid=
  trap stop_samples EXIT
  trap 'exit 130' INT TERM
}

stop_samples() {
  for pid in $app_pid $smtp4dev_pid; do kill -- -"$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$smtp4dev_data"
}

# Waits (up to a minute) for smtp4dev's SMTP port.
wait_for_smtp4dev() {
  for _ in $(seq 1 120); do
    (exec 3<>"/dev/tcp/127.0.0.1/${smtp4dev_smtp_port}") 2>/dev/null && return 0
    kill -0 "$smtp4dev_pid" 2>/dev/null || { cat "$smtp4dev_data/smtp4dev.log"; exit 1; }
    sleep 0.5
  done
  echo "smtp4dev did not open port ${smtp4dev_smtp_port}" >&2
  exit 1
}

# Runs the app in its own process group and waits for it.
run_app() {
  set -m
  "$@" &
  app_pid=$!
  set +m
  wait "$app_pid"
}
