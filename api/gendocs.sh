#!/bin/sh
# Regenerates docs/, the OpenAPI (Swagger 2.0) spec served at
# /swagger/doc.json, from the swag annotations in api/ (general info, in
# doc.go) and handlers/ (one block per handler), after formatting those
# annotations with swag fmt. Run it from anywhere after changing a handler's
# annotations or a wire type, and commit docs/ with the change:
#
#	sh api/gendocs.sh
#
# api/docs_test.go regenerates the spec the same way into a temporary
# directory and fails when docs/ is stale. Keep the two in step.
set -eu
cd "$(dirname "$0")/.."
swag="go run github.com/swaggo/swag/cmd/swag@v1.16.6"
$swag fmt -d api,handlers -g doc.go
$swag init -d api,handlers -g doc.go -o docs --parseDependency=false --quiet
