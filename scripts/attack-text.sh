#!/bin/sh
# Issue 15's attack on the text pipeline: builds whosaid, starts it on
# 127.0.0.1 over a fresh database in a temporary directory, sends it each
# hostile text (package extract/hostile) on POST /api/v1/extract and POST
# /api/v1/sources, and checks throughout that /healthz answers within 1 s
# and resident memory (/proc/PID/status) stays under 300 MB. Loopback only,
# bounded (every request has a deadline; the run at most 10 minutes).
# Flags go to scripts/attacktext (-parallel, -max-rss, -max-health).
set -eu
cd "$(dirname "$0")/.."
exec go run ./scripts/attacktext "$@"
