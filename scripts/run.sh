#!/usr/bin/env bash
# shellcheck disable=SC2317  # cleanup() runs from a trap
# `make run`: the run profile's services, the seed data, then the app under gunicorn on 127.0.0.1:8080.
# The cache is memcached (127.0.0.1:11211), or with CACHE=valkey a Valkey-compatible server on 127.0.0.1:6379.
# Ctrl-C (or SIGTERM) stops gunicorn and the services this script started, by PID; services that
# were already running (e.g. from `scripts/services.sh start run`) are left running.
#
#   METEORITE_SKIP_SEED=1   skip `python -m content.seed`
#   METEORITE_WSGI=mod:app  serve another WSGI app (default main:app)
#   CACHE=memcached|valkey  the cache to start and run on (default memcached)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
t0=$(date +%s.%N)
elapsed() { echo "$(date +%s.%N) $1" | awk '{printf "%.1f", $1 - $2}'; }

started=$(mktemp "${TMPDIR:-/tmp}/meteorite-started.XXXXXX")
gunicorn_pid=
cleanup() {
  trap '' PIPE  # Ctrl-C may have closed our stdout/stderr (e.g. a pipe to tee): still stop everything
  trap - EXIT INT TERM
  if [ -n "$gunicorn_pid" ] && kill -0 "$gunicorn_pid" 2>/dev/null; then
    kill -TERM "$gunicorn_pid" 2>/dev/null || true
    wait "$gunicorn_pid" 2>/dev/null || true
  fi
  local svcs
  mapfile -t svcs < <(sort -u "$started")
  [ ${#svcs[@]} -eq 0 ] || "$ROOT/scripts/services.sh" stop run "${svcs[@]}"
  rm -f "$started"
}
trap cleanup EXIT
trap 'echo; echo "run: stopping" >&2; exit 130' INT
trap 'exit 143' TERM

SERVICES_STARTED_FILE=$started "$ROOT/scripts/services.sh" start run
t_services=$(elapsed "$t0")
# shellcheck disable=SC1091
source "$ROOT/.run/run/env"
# The local credential signing key: made once, kept in .run/ (gitignored), so credentials issued locally stay
# verifiable across restarts. Production reads CREDENTIAL_SIGNING_KEYS from its secrets (see app.yaml).
keys="$ROOT/.run/credential-keys.json"
if [ ! -s "$keys" ]; then
  (umask 077 && .venv/bin/python -m credentials.keys >"$keys.tmp") && mv "$keys.tmp" "$keys"
fi
CREDENTIAL_SIGNING_KEYS="${CREDENTIAL_SIGNING_KEYS:-$(cat "$keys")}"
export CREDENTIAL_SIGNING_KEYS

t1=$(date +%s.%N)
if [ "${METEORITE_SKIP_SEED:-0}" != 1 ]; then
  .venv/bin/python -m content.seed
fi
t_seed=$(elapsed "$t1")

url="http://127.0.0.1:$APP_PORT/"
t2=$(date +%s.%N)
# --no-control-socket: gunicorn 27 otherwise binds ~/.gunicorn/gunicorn.ctl, shared by every gunicorn.
.venv/bin/gunicorn -b "127.0.0.1:$APP_PORT" -w 2 --threads 8 --no-control-socket "${METEORITE_WSGI:-main:app}" &
gunicorn_pid=$!
until curl -s -o /dev/null --max-time 2 "$url"; do
  kill -0 "$gunicorn_pid" 2>/dev/null || { echo "run: gunicorn exited" >&2; wait "$gunicorn_pid" || exit $?; exit 1; }
  sleep 0.1
done
echo "run: Meteorite is up at $url (cache $CACHE_URL) in $(elapsed "$t0") s" \
  "(services $t_services s, seed $t_seed s, app $(elapsed "$t2") s). Ctrl-C stops it." >&2

rc=0
wait "$gunicorn_pid" || rc=$?
gunicorn_pid=
exit $rc
