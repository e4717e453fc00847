#!/usr/bin/env bash
# Install the real OpenCode CLI (npm package opencode-ai) once into a cache dir and print its binary path.
# The end-to-end tests call this; it is reused between runs, so only the first run needs the registry.
#   scripts/opencode-install.sh [VERSION]      (default 1.18.33)
#   OPENCODE_SYNC_E2E_CACHE=dir                (default ~/.cache/opencode-sync-e2e)
set -euo pipefail
ver="${1:-1.18.33}"
cache="${OPENCODE_SYNC_E2E_CACHE:-${HOME}/.cache/opencode-sync-e2e}"
pkg="$cache/opencode-ai-$ver"

say() { echo "[opencode-install] $*" >&2; }

# npm installs the one platform binary that fits as an optional dependency; accept whichever runs.
find_bin() {
  local c
  for c in "$pkg"/node_modules/opencode-*/bin/opencode "$pkg"/node_modules/opencode-ai/bin/opencode.exe; do
    if [ -x "$c" ] && [ "$("$c" --version 2>/dev/null)" = "$ver" ]; then echo "$c"; return 0; fi
  done
  return 1
}

main() {
  if find_bin; then return 0; fi
  command -v npm >/dev/null 2>&1 || { say "npm is required to install opencode-ai@$ver"; return 3; }
  mkdir -p "$pkg"
  say "installing opencode-ai@$ver into $pkg (once; about 350 MB)"
  # A lock so two test processes never install into the same dir at once.
  (
    flock 9
    find_bin >/dev/null && exit 0
    cd "$pkg"
    [ -f package.json ] || echo '{"private":true}' > package.json
    npm install --no-audit --no-fund --loglevel=error "opencode-ai@$ver" >&2
  ) 9>"$cache/.install-$ver.lock"
  find_bin || { say "no runnable opencode $ver binary under $pkg"; return 3; }
}

main "$@" || exit $?
