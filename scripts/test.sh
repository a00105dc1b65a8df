#!/usr/bin/env bash
# Command two of the README: set everything up, then lint, typecheck and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
echo "[test] lint" >&2
pnpm -s lint
echo "[test] typecheck the tests" >&2
# Package builds exclude tests and vitest only transpiles them, so type errors in tests surface here.
pnpm -s typecheck:tests
echo "[test] tests" >&2
# The Secret Service tests need a session bus and an unlocked keyring.
exec dbus-run-session -- bash -c 'echo -n marie-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; node scripts/run-tests.mjs "$@"' -- "$@"
