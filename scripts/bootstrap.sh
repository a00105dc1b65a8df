#!/usr/bin/env bash
# Sets up a fresh machine: system packages (when root), the pinned pnpm, dependencies,
# and a build. Usage: scripts/bootstrap.sh [run|test]. Says exactly what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PURPOSE="${1:-run}"
PNPM_VERSION="$(node -p "require('./package.json').packageManager.split('@')[1]" 2>/dev/null || true)"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

command -v node >/dev/null || fail "Node.js is missing: install Node 20 (or newer) and npm, then run this again."
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 20 ] || fail "Node $(node -v) is too old: MarieIDE needs Node 20 or newer."
command -v npm >/dev/null || fail "npm is missing: it ships with Node.js; reinstall Node."

# System packages: the tests need a real Chromium, Secret Service and search tools.
APT_PACKAGES=()
if [ "$PURPOSE" = test ]; then
  command -v chromium >/dev/null || APT_PACKAGES+=(chromium)
  command -v gnome-keyring-daemon >/dev/null || APT_PACKAGES+=(gnome-keyring)
  command -v dbus-run-session >/dev/null || APT_PACKAGES+=(dbus)
  command -v git >/dev/null || APT_PACKAGES+=(git)
  # find-in-files parity tests and the bench:index smoke test compare with these.
  command -v rg >/dev/null || APT_PACKAGES+=(ripgrep)
  command -v ctags >/dev/null || APT_PACKAGES+=(universal-ctags)
fi
command -v python3 >/dev/null || APT_PACKAGES+=(python3)
command -v make >/dev/null || APT_PACKAGES+=(make)
command -v g++ >/dev/null || APT_PACKAGES+=(g++)
if [ "${#APT_PACKAGES[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing system packages: ${APT_PACKAGES[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${APT_PACKAGES[@]}" >/dev/null
  else
    fail "missing system packages: ${APT_PACKAGES[*]}. Install them (e.g. sudo apt-get install ${APT_PACKAGES[*]}) or run this script as root."
  fi
fi

# pnpm, pinned, from the npm registry (corepack's signature check fails on some mirrors).
PNPM=".tools/node_modules/.bin/pnpm"
if [ ! -x "$PNPM" ] || [ "$("$PNPM" --version)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION into .tools/"
  npm install --silent --prefix .tools --no-save --no-package-lock "pnpm@$PNPM_VERSION" >/dev/null
fi
export PATH="$PWD/.tools/node_modules/.bin:$PATH"

say "installing dependencies (pnpm install --frozen-lockfile)"
pnpm install --frozen-lockfile --reporter=silent
node -e "require('./packages/host/node_modules/@parcel/watcher')" 2>/dev/null || fail "@parcel/watcher's native module did not load; see the pnpm install output above."

# The indexer's tags addon (C, node-gyp): without it cold builds parse through the slower binding.
say "building the indexer's native tags addon (node-gyp)"
pnpm --filter @marie/indexer run -s build:native >/dev/null || fail "the indexer's native tags addon did not build (needs g++, make, python3 and Node's headers)."

say "building (TypeScript and the workbench bundle)"
pnpm -s build
say "ready"
