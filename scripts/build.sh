#!/bin/sh
# Builds the whosaid binary. The Dockerfile runs exactly this script, and
# scripts/check-build.sh runs it too, so the image's build is tried on every
# CI run even where no Docker engine exists.
#   usage: scripts/build.sh OUTPUT [VERSION]
set -eu
out=${1:?usage: scripts/build.sh OUTPUT [VERSION]}
version=${2:-$(git describe --always --dirty 2>/dev/null || echo dev)}
# Pure Go: the SQLite driver (modernc.org/sqlite) needs no cgo, and FTS5 and
# the trigram tokenizer are compiled into it, so no build tags are needed and
# the binary is static.
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${version}" -o "$out" .
