#!/bin/sh
# Builds the binary the way the Dockerfile does (scripts/build.sh), then runs
# it from an empty directory as the image would: it must create, migrate and
# seed its database, answer /healthz, pass its own healthcheck command, and
# stop cleanly on SIGTERM.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$repo"
scripts/build.sh "$work/whosaid" check
ldd "$work/whosaid" 2>&1 | grep -q 'not a dynamic' || {
	echo "check-build: binary is not static" >&2; exit 1; }
mkdir "$work/empty" && cd "$work/empty"
port=$(( 20000 + $$ % 20000 ))
WHOSAID_ADDR=127.0.0.1:$port WHOSAID_DB=$work/empty/data.db "$work/whosaid" >"$work/log" 2>&1 &
pid=$!
for i in $(seq 1 100); do
	if WHOSAID_ADDR=127.0.0.1:$port "$work/whosaid" healthcheck >/dev/null 2>&1; then break; fi
	sleep 0.1
done
WHOSAID_ADDR=127.0.0.1:$port "$work/whosaid" healthcheck || { cat "$work/log" >&2; exit 1; }
kill -TERM $pid
wait $pid || { echo "check-build: server did not stop cleanly" >&2; cat "$work/log" >&2; exit 1; }
test -s "$work/empty/data.db" || { echo "check-build: no database created" >&2; exit 1; }
echo "check-build: ok (static binary, served from an empty directory, healthy, clean shutdown)"
