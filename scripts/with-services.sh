#!/usr/bin/env bash
# shellcheck disable=SC2317  # cleanup() runs from a trap
# Run a command with a profile's services up and its env file loaded, then stop the services this
# invocation started (and only those). The command's exit code is preserved.
#
#   scripts/with-services.sh [--reset] run|test CMD [ARG...]
#
# --reset wipes the Datastore emulator first (POST /reset: every project and namespace).
# Runs for one profile are serialized with a lock: two `make test` in one tree would otherwise share,
# reset and stop each other's services.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
usage="usage: $0 [--reset] run|test CMD [ARG...]"
reset=()
if [ "${1:-}" = --reset ]; then reset=(--reset); shift; fi
profile=${1:?$usage}
shift
[ $# -gt 0 ] || { echo "$usage" >&2; exit 2; }

if [ "${WITH_SERVICES_LOCKED:-}" != "$profile" ]; then
  lock="$ROOT/.run/$profile.session.lock"
  mkdir -p "$ROOT/.run"
  flock -o -n "$lock" true || echo "with-services: another '$profile' run holds $lock; waiting" >&2
  # -o: flock keeps the lock itself, so nothing the command leaves behind can hold it.
  WITH_SERVICES_LOCKED=$profile exec flock -o "$lock" "$0" "${reset[@]}" "$profile" "$@"
fi

started=$(mktemp "${TMPDIR:-/tmp}/meteorite-started.XXXXXX")
cleanup() {
  trap '' PIPE  # Ctrl-C may have closed our stdout/stderr (e.g. a pipe to tee): still stop everything
  local svcs
  mapfile -t svcs < <(sort -u "$started")
  [ ${#svcs[@]} -eq 0 ] || "$ROOT/scripts/services.sh" stop "$profile" "${svcs[@]}"
  rm -f "$started"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SERVICES_STARTED_FILE=$started "$ROOT/scripts/services.sh" start "$profile"
# shellcheck disable=SC1090
source "$ROOT/.run/$profile/env"
if [ ${#reset[@]} -gt 0 ]; then
  curl -sf --max-time 10 -X POST "http://$DATASTORE_EMULATOR_HOST/reset" >/dev/null \
    || { echo "with-services: POST /reset to $DATASTORE_EMULATOR_HOST failed" >&2; exit 1; }
fi

rc=0
"$@" || rc=$?
exit $rc
