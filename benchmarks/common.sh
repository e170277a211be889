# Shared by benchmarks/run.sh and benchmarks/warmup.sh (sourced): a work folder, the servers' process groups stopped on
# exit, loopback port helpers, and start_smtp_sink, which runs Postfix's smtp-sink from Debian's postfix package.
work=$(mktemp -d)
groups=()  # process-group ids of the servers started here

stop_all() {
  for group in "${groups[@]}"; do
    kill -TERM -- "-$group" 2>/dev/null || true
  done
  for group in "${groups[@]}"; do
    for _ in $(seq 50); do
      kill -0 -- "-$group" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$group" 2>/dev/null || true
  done
  groups=()
}
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# A loopback port nothing listens on (nothing answers a connect).
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

wait_for_port() {  # port, seconds, pid of the server (it must still run)
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || { log "the server on port $1 exited"; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { log "nothing answers on port $1 after $2 s"; return 1; }
    sleep 0.2
  done
}

start_smtp_sink() {  # sets sink_port and postfix_version
  # --- Postfix's smtp-sink, extracted from the Debian package (no mail server is installed) ---------------------------
  log "fetching Debian's postfix package for smtp-sink"
  if ! apt-cache show postfix >/dev/null 2>&1; then
    apt-get update -qq
  fi
  (cd "$work" && apt-get download postfix >/dev/null 2>&1)
  deb=$(ls "$work"/postfix_*.deb)
  postfix_version=$(dpkg-deb -f "$deb" Version)
  dpkg-deb -x "$deb" "$work/postfix"
  sink_bin="$work/postfix/usr/sbin/smtp-sink"
  sink_libs="$work/postfix/usr/lib/postfix"
  if LD_LIBRARY_PATH="$sink_libs" ldd "$sink_bin" | grep -q 'not found'; then
    # Only the shared libraries the package depends on (libdb, libicu, libnsl, ...): never postfix itself.
    libraries=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -E 's/^ *//; s/ .*//; s/\|.*//' | grep '^lib' || true)
    log "installing smtp-sink's shared libraries: $libraries"
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $libraries >/dev/null
  fi
  if LD_LIBRARY_PATH="$sink_libs" ldd "$sink_bin" | grep 'not found'; then
    log "smtp-sink still misses shared libraries"; exit 1
  fi

  sink_port=$(free_port)
  sink_user=()
  [ "$(id -u)" -eq 0 ] && sink_user=(-u nobody)  # smtp-sink refuses to run as root without -u
  setsid env LD_LIBRARY_PATH="$sink_libs" "$sink_bin" "${sink_user[@]}" -m 1024 "127.0.0.1:$sink_port" 1024 >"$work/smtp-sink.log" 2>&1 &
  sink_pid=$!
  groups+=("$sink_pid")
  wait_for_port "$sink_port" 10 "$sink_pid"
  log "smtp-sink $postfix_version on 127.0.0.1:$sink_port"
}
