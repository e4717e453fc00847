#!/usr/bin/env bash
# Prints the path of a shellcheck binary for the lint test: the one on PATH, else one unpacked from Debian's
# package into a cache folder (apt-get download needs no root; nothing is installed). Exits 1 when neither works.
set -uo pipefail
if command -v shellcheck >/dev/null 2>&1; then
  command -v shellcheck
  exit 0
fi
cache="${XDG_CACHE_HOME:-$HOME/.cache}/opencode-sync-tools/shellcheck"
bin="$cache/usr/bin/shellcheck"
if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || exit 1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -qq shellcheck) >/dev/null 2>&1 || exit 1
mkdir -p "$cache"
dpkg-deb -x "$work"/shellcheck_*.deb "$cache" || exit 1
"$bin" --version >/dev/null 2>&1 || exit 1
echo "$bin"
