#!/usr/bin/env bash
# Local stand-ins for Meteorite's production services: the Datastore emulator, the cache (memcached and/or a
# Valkey-compatible server: valkey-server where the distribution has it, else redis-server) and the Cloud Tasks
# emulator, on 127.0.0.1.
#
#   scripts/services.sh install                 apt packages + .venv + .venv-tasks, only what is missing
#   scripts/services.sh venv                    just the two venvs
#   scripts/services.sh start  [run|test]       install, then start what is not running; write .run/<profile>/env
#   scripts/services.sh stop   [run|test] [datastore memcached valkey tasks]
#   scripts/services.sh status [run|test]       exit 0 only when all of the profile's services answer
#
# Profiles (docs/CONTRACTS.md): run = 8081/11211/9022, app 8080, and with CACHE=valkey a Valkey server on 6379
# instead of memcached; test = 8181/11311/6479/9122 (both caches: the tests run on each), app 8190.
# A service whose variable (DATASTORE_EMULATOR_HOST, MEMCACHED_ADDRESS, VALKEY_ADDRESS, TASKS_EMULATOR_HOST)
# is already set is used as it is, never started nor stopped here. Each started service runs in its own session
# (setsid) and is stopped by its recorded PID's process group, never by name.
# With SERVICES_STARTED_FILE set, `start` appends the names of the services it started to that file,
# so a caller can stop only what it started.
set -euo pipefail
set +m  # no job control: a background `setsid cmd &` then execs without forking, so $! is the leader

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PROJECT=meteorite-dev
LOCATION=us-central1
TASKS_MAX_RETRIES=5   # the emulator ignores queue.yaml's retry_parameters; mirror badge-sweep's limit
READY_TIMEOUT=${SERVICES_READY_TIMEOUT:-30}
ALL_SERVICES=(datastore memcached valkey tasks)
CACHE=${CACHE:-memcached}  # the run profile's cache: memcached | valkey
# The Datastore emulator's JVM: a heap that grows with live data only and is given back after a full collection
# (Java's default G1 kept ~400 MB of garbage-filled heap after one 1,000-user sweep: bench/footprint.py). Its cap
# is half of RAM (the default quarter filled under a whole `make test`): the emulator keeps every test's entities
# and every query's results for a while, and a burst of large queries needs the room.
DATASTORE_JVM="-XX:+UseSerialGC -Xms32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"

log() { echo "services: $*" >&2 || true; }  # a closed stderr must not stop a cleanup
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- install

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_apt_packages() {
  local missing=()
  command -v memcached >/dev/null || missing+=(memcached)
  valkey_binary >/dev/null || missing+=(VALKEY)
  command -v chromium >/dev/null || missing+=(chromium)
  python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
  [ ${#missing[@]} -eq 0 ] && return 0
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # valkey-server where the distribution has it; Debian 12 has only redis-server 7, which speaks the same protocol.
  local valkey_pkg=redis-server
  if apt-cache policy valkey-server 2>/dev/null | grep -q 'Candidate: [0-9]'; then valkey_pkg=valkey-server; fi
  missing=("${missing[@]/#VALKEY/$valkey_pkg}")
  log "installing ${missing[*]} (apt)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

valkey_binary() { command -v valkey-server || command -v redis-server; }

# Installs requirement files into a venv unless its stamp (hash of the files + python) matches.
ensure_venv() {
  local venv=$1; shift
  local stamp="$venv/.requirements.sha256" want
  want=$(cat "$@" <(python3 -VV) | sha256sum | cut -d' ' -f1)
  if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return 0; fi
  if ! "$venv/bin/python" -c '' 2>/dev/null; then
    log "creating $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  log "installing $* into $venv"
  local args=(); for f in "$@"; do args+=(-r "$f"); done
  local piplog="$ROOT/.run/pip-${venv#.}.log"
  if ! "$venv/bin/pip" install --disable-pip-version-check "${args[@]}" >"$piplog" 2>&1; then
    tail -n 30 "$piplog" >&2
    die "pip install into $venv failed (full log: $piplog)"
  fi
  echo "$want" >"$stamp"
}

ensure_venvs() {
  ensure_venv .venv requirements.txt requirements-dev.txt
  ensure_venv .venv-tasks requirements-tasks.txt  # its own venv: the emulator pins protobuf<5
}

with_install_lock() {  # two checkouts' `make test` must not pip into one venv at once
  mkdir -p .run
  exec 8>.run/install.lock
  flock 8
  "$@"
  exec 8>&-
}
install_all() { ensure_apt_packages; ensure_venvs; }

# The Google Cloud CLI's root, asked of gcloud once (~1 s) and cached in .run/sdk_root.
sdk_root() {
  local cache="$ROOT/.run/sdk_root" root
  root=$(cat "$cache" 2>/dev/null || true)
  if [ -z "$root" ] || [ ! -x "$root/platform/cloud-datastore-emulator/cloud_datastore_emulator" ]; then
    root=$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null) || true
    if [ -z "$root" ] || [ ! -d "$root" ]; then
      die "Google Cloud CLI not found (gcloud info); it ships with the machine image"
    fi
    echo "$root" >"$cache"
  fi
  echo "$root"
}

# ---------------------------------------------------------------- profile

set_profile() {
  PROFILE=${1:-${METEORITE_PROFILE:-test}}
  case "$PROFILE" in
    run)  DS_PORT=8081 MC_PORT=11211 VK_PORT=6379 TQ_PORT=9022 APP_PORT=8080
          case "$CACHE" in
            memcached) SERVICES=(datastore memcached tasks) ;;
            valkey) SERVICES=(datastore valkey tasks) ;;
            *) die "unknown CACHE '$CACHE' (memcached|valkey)" ;;
          esac ;;
    test) DS_PORT=8181 MC_PORT=11311 VK_PORT=6479 TQ_PORT=9122 APP_PORT=8190 SERVICES=("${ALL_SERVICES[@]}") ;;
    *) die "unknown profile '$PROFILE' (run|test)" ;;
  esac
  STATE="$ROOT/.run/$PROFILE"
  mkdir -p "$STATE"
}

# "host:port" each service is reached at, and whether it is external (env var set by the caller).
address() {
  case $1 in
    datastore) echo "${DATASTORE_EMULATOR_HOST:-127.0.0.1:$DS_PORT}" ;;
    memcached) echo "${MEMCACHED_ADDRESS:-127.0.0.1:$MC_PORT}" ;;
    valkey)    echo "${VALKEY_ADDRESS:-127.0.0.1:$VK_PORT}" ;;
    tasks)     echo "${TASKS_EMULATOR_HOST:-127.0.0.1:$TQ_PORT}" ;;
  esac
}
external() {
  case $1 in
    datastore) [ -n "${DATASTORE_EMULATOR_HOST:-}" ] ;;
    memcached) [ -n "${MEMCACHED_ADDRESS:-}" ] ;;
    valkey)    [ -n "${VALKEY_ADDRESS:-}" ] ;;
    tasks)     [ -n "${TASKS_EMULATOR_HOST:-}" ] ;;
  esac
}

# ---------------------------------------------------------------- probes

tcp_open() {  # host:port
  timeout 2 bash -c "exec 3<>/dev/tcp/${1%:*}/${1##*:}" 2>/dev/null
}
answers() {  # service host:port
  local addr=$2
  case $1 in
    datastore) [ "$(curl -sf --max-time 2 "http://$addr/" 2>/dev/null)" = "Ok" ] ;;
    memcached)
      timeout 2 bash -c "exec 3<>/dev/tcp/${addr%:*}/${addr##*:}; printf 'version\r\n' >&3; read -r line <&3; [[ \$line == VERSION* ]]" 2>/dev/null ;;
    valkey)
      timeout 2 bash -c "exec 3<>/dev/tcp/${addr%:*}/${addr##*:}; printf 'PING\r\n' >&3; read -r line <&3; [[ \$line == +PONG* ]]" 2>/dev/null ;;
    tasks) tcp_open "$addr" ;;
  esac
}

# The PID recorded for a service, if that process is still alive and is the session we started.
live_pid() {
  local pidfile="$STATE/$1.pid" pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ]; then
    echo "$pid"; return 0
  fi
  rm -f "$pidfile"
  return 1
}

# ---------------------------------------------------------------- start

# Sets CMD to the command line that runs a service in the foreground.
set_command() {
  case $1 in
    datastore)  # JVM heap: see DATASTORE_JVM above (tests/own_services.py starts its emulators the same way)
      CMD=(env "JAVA_TOOL_OPTIONS=$DATASTORE_JVM -Xmx$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 2048 ))m"
           "$SDK_ROOT/platform/cloud-datastore-emulator/cloud_datastore_emulator" start --testing
           --require_indexes "--index_file=$ROOT/index.yaml" --host=127.0.0.1 "--port=$DS_PORT") ;;
    memcached)
      CMD=(memcached -l 127.0.0.1 -p "$MC_PORT" -m 64)
      if [ "$(id -u)" = 0 ]; then  # memcached refuses to run as root without -u
        if id memcache >/dev/null 2>&1; then CMD+=(-u memcache); else CMD+=(-u nobody); fi
      fi ;;
    valkey)  # a cache: no persistence; its working directory is the profile's state directory
      CMD=("$(valkey_binary)" --bind 127.0.0.1 --port "$VK_PORT" --save "" --appendonly no --dir "$STATE"
           --protected-mode no --maxmemory 256mb --maxmemory-policy allkeys-lru) ;;
    tasks)
      CMD=(env PYTHONWARNINGS=ignore::FutureWarning "$ROOT/.venv-tasks/bin/gcloud-tasks-emulator" start -p "$TQ_PORT" -t "$APP_PORT"
           -Q "$ROOT/queue.yaml" -P "$PROJECT" -L "$LOCATION" -r "$TASKS_MAX_RETRIES") ;;
  esac
}

# What a running service was started from: its command line and the yaml file it read at start-up.
# A reused service whose stamp differs (index.yaml or queue.yaml edited since) is restarted.
config_stamp() {
  set_command "$1"
  { echo "${CMD[*]}"
    case $1 in datastore) cat "$ROOT/index.yaml" ;; tasks) cat "$ROOT/queue.yaml" ;; esac
  } | sha256sum | cut -d' ' -f1
}

launch() {  # service -> starts it in its own session, records the PID
  local svc=$1 logfile="$STATE/$1.log"
  config_stamp "$svc" >"$STATE/$svc.stamp"
  set_command "$svc"
  echo "# $(date -Is) ${CMD[*]}" >"$logfile"
  # Close inherited descriptors above 2 (lock files of this script and its callers): a daemon
  # holding one would keep a flock taken forever.
  # shellcheck disable=SC2016  # expanded by the inner bash
  setsid bash -c 'for p in /proc/$$/fd/*; do fd=${p##*/}; [ "$fd" -le 2 ] || eval "exec $fd>&-" 2>/dev/null; done
                  exec "$@"' service "${CMD[@]}" </dev/null >>"$logfile" 2>&1 &
  echo $! >"$STATE/$svc.pid"
  log "$svc: started pid $! on $(address "$svc") (log $logfile)"
}

# Prints the log tail, stops what this `start` launched, and exits 1.
fail_with_log() {
  local svc=$1 s
  log "$svc did not come up at $(address "$svc") within ${READY_TIMEOUT}s; last lines of $STATE/$svc.log:"
  tail -n 30 "$STATE/$svc.log" >&2 2>/dev/null || true
  for s in "${LAUNCHED[@]}"; do stop_one "$s"; done
  exit 1
}

wait_ready() {
  local svc=$1 addr deadline pid
  addr=$(address "$svc")
  deadline=$((SECONDS + READY_TIMEOUT))
  until answers "$svc" "$addr"; do
    if ! external "$svc"; then
      pid=$(cat "$STATE/$svc.pid" 2>/dev/null || true)
      if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then log "$svc exited"; fail_with_log "$svc"; fi
    fi
    [ $SECONDS -lt $deadline ] || fail_with_log "$svc"
    sleep 0.1
  done
}

# The cache addresses of the profile's services, and CACHE_URL: the run profile's cache, or memcached for tests
# (the tests build their own URL per backend).
cache_env() {
  local svc
  for svc in "${SERVICES[@]}"; do
    case $svc in
      memcached) echo "export MEMCACHED_ADDRESS=$(address memcached)" ;;
      valkey) echo "export VALKEY_ADDRESS=$(address valkey)" ;;
    esac
  done
  if [ "$PROFILE" = run ] && [ "$CACHE" = valkey ]; then
    echo "export CACHE_URL=valkey://$(address valkey)"
  else
    echo "export CACHE_URL=memcached://$(address memcached)"
  fi
}

write_env() {
  local tmp="$STATE/env.tmp"
  cat >"$tmp" <<EOF
# Written by scripts/services.sh start $PROFILE. Source it (bash) or parse "export NAME=VALUE" lines.
export METEORITE_PROFILE=$PROFILE
export GOOGLE_CLOUD_PROJECT=$PROJECT
export DATASTORE_DATASET=$PROJECT
export DATASTORE_EMULATOR_HOST=$(address datastore)
export NO_GCE_CHECK=true
$(cache_env)
export TASKS_EMULATOR_HOST=$(address tasks)
export TASKS_LOCATION=$LOCATION
export TASKS_TARGET_PORT=$APP_PORT
export APP_PORT=$APP_PORT
EOF
  mv "$tmp" "$STATE/env"
}

start_all() {
  exec 9>"$STATE/lock"
  flock 9
  local svc fresh
  LAUNCHED=()
  SDK_ROOT=$(sdk_root) || exit 1
  for svc in "${SERVICES[@]}"; do
    if external "$svc"; then
      log "$svc: using $(address "$svc") from the environment"
    elif live_pid "$svc" >/dev/null && answers "$svc" "$(address "$svc")" \
         && [ "$(cat "$STATE/$svc.stamp" 2>/dev/null)" = "$(config_stamp "$svc")" ]; then
      log "$svc: reusing pid $(live_pid "$svc") on $(address "$svc")"
    else
      fresh=1
      if live_pid "$svc" >/dev/null; then   # not answering, or its config changed: restart it
        fresh=0  # someone else's service: restarted, but not ours to stop afterwards
        log "$svc: restarting (not answering, or index.yaml/queue.yaml changed)"
        stop_one "$svc"
      fi
      tcp_open "$(address "$svc")" && die "$svc: port $(address "$svc") is taken by a process this script did not start"
      launch "$svc"
      LAUNCHED+=("$svc")
      if [ -n "${SERVICES_STARTED_FILE:-}" ] && [ $fresh = 1 ]; then echo "$svc" >>"$SERVICES_STARTED_FILE"; fi
    fi
  done
  for svc in "${SERVICES[@]}"; do wait_ready "$svc"; done
  write_env
  log "ready ($PROFILE): env in $STATE/env"
}

# ---------------------------------------------------------------- stop / status

# Whether a process group still has a live (non-zombie) member. Our services are orphans once the
# `start` that launched them exits, so their zombies linger until init reaps them.
group_alive() {
  ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

stop_one() {
  local svc=$1 pid
  pid=$(live_pid "$svc") || { rm -f "$STATE/$svc.pid"; return 0; }
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    group_alive "$pid" || break
    sleep 0.1
  done
  if group_alive "$pid"; then
    log "$svc: process group $pid ignored SIGTERM; killing"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$STATE/$svc.pid" "$STATE/$svc.stamp"
  log "$svc: stopped pid $pid"
}

stop_services() {
  local svcs=("$@")
  [ ${#svcs[@]} -gt 0 ] || svcs=("${ALL_SERVICES[@]}")
  local svc
  for svc in "${svcs[@]}"; do stop_one "$svc"; done
}

status_all() {
  local svc pid ok=0
  for svc in "${SERVICES[@]}"; do
    if pid=$(live_pid "$svc"); then
      if answers "$svc" "$(address "$svc")"; then
        echo "$svc: running, pid $pid, $(address "$svc")"
      else
        echo "$svc: pid $pid alive but not answering on $(address "$svc")"; ok=1
      fi
    elif external "$svc" && answers "$svc" "$(address "$svc")"; then
      echo "$svc: external, $(address "$svc")"
    else
      echo "$svc: not running"; ok=1
    fi
  done
  return $ok
}

# ---------------------------------------------------------------- main

action=${1:-}
shift || true
case "$action" in
  install) with_install_lock install_all ;;
  venv) with_install_lock ensure_venvs ;;
  start) set_profile "${1:-}"; with_install_lock install_all; start_all ;;
  stop)
    set_profile "${1:-}"; shift || true
    unset DATASTORE_EMULATOR_HOST MEMCACHED_ADDRESS VALKEY_ADDRESS TASKS_EMULATOR_HOST  # stop only what we started
    stop_services "$@" ;;
  status) set_profile "${1:-}"; status_all ;;
  *) echo "usage: $0 install|venv|start|stop|status [run|test]" >&2; exit 2 ;;
esac
