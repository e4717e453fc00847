#!/usr/bin/env bash
# Publish the NativeAOT binary for this machine and leave it at artifacts/bin/opencode-sync.
#   scripts/build.sh [--rid RID] [--version X.Y.Z] [--publish-dir DIR] [--publish-only]
# --publish-only leaves artifacts/bin alone (release.sh builds other versions without touching it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

rid="" version="${OPENCODE_SYNC_VERSION:-}" out="" publish_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rid="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --publish-dir) out="$2"; shift 2 ;;
    --publish-only) publish_only=1; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

host_rid() {
  local os arch libc=""
  case "$(uname -s)" in
    Linux) os=linux; if ldd --version 2>&1 | grep -qi musl; then libc="-musl"; fi ;;
    Darwin) os=osx ;;
    MINGW*|MSYS*|CYGWIN*) os=win ;;
    *) echo "build.sh: unsupported OS $(uname -s)" >&2; exit 2 ;;
  esac
  case "$(uname -m)" in
    x86_64|amd64) arch=x64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) echo "build.sh: unsupported CPU $(uname -m)" >&2; exit 2 ;;
  esac
  if [ "$os" = linux ]; then echo "linux${libc}-${arch}"; else echo "${os}-${arch}"; fi
}
[ -n "$rid" ] || rid="$(host_rid)"
commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"

props=(-p:SourceRevisionId="$commit")
[ -n "$version" ] && props+=(-p:Version="$version")

[ -n "$out" ] || out="artifacts/publish/$rid"
dotnet publish src/OpenCodeSync/OpenCodeSync.csproj -c Release -r "$rid" -o "$out" --nologo -v quiet "${props[@]}" >&2

exe=opencode-sync; case "$rid" in win-*) exe=opencode-sync.exe ;; esac
if [ "$publish_only" = 1 ]; then
  echo "published $out/$exe ($rid)" >&2
  exit 0
fi
mkdir -p artifacts/bin
exe=opencode-sync; case "$rid" in win-*) exe=opencode-sync.exe ;; esac
cp -f "$out/$exe" "artifacts/bin/$exe.tmp"
mv -f "artifacts/bin/$exe.tmp" "artifacts/bin/$exe"
echo "built artifacts/bin/$exe ($rid, $(wc -c < "artifacts/bin/$exe") bytes)" >&2
