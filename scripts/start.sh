#!/usr/bin/env bash
# Command one of the README: set everything up, then serve the IDE on a folder.
set -euo pipefail
cd "$(dirname "$0")/.."
FOLDER="${1:-$PWD}"
bash scripts/bootstrap.sh run
exec node apps/cli/dist/main.js serve "$(cd "$FOLDER" && pwd)" "${@:2}"
