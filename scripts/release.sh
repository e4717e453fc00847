#!/usr/bin/env bash
# Build release archives for every platform this machine can build, plus one SHA256SUMS.
#   scripts/release.sh VERSION [--rid RID]... [--out DIR]
# Writes DIR (default dist/)/opencode-sync-VERSION-RID.tar.gz (.zip for Windows) and DIR/SHA256SUMS.
# CI runs it once per native runner and merges the SHA256SUMS files (see .github/workflows/release.yml).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

say() { printf 'release.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

version="${1:-}"; [ -n "$version" ] || die "usage: scripts/release.sh VERSION [--rid RID]... [--out DIR]"
shift
version="${version#v}"
printf '%s' "$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+([-.][0-9A-Za-z.-]+)?$' || die "'$version' is not a version like 1.2.3"

rids=() out="dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rids+=("$2"); shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) die "unknown argument '$1'" ;;
  esac
done

host_rids() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64)
      echo linux-x64
      # musl needs a musl C toolchain for the final link; build it only where one is installed.
      if command -v musl-gcc >/dev/null 2>&1 && [ "${RELEASE_MUSL:-0}" = 1 ]; then echo linux-musl-x64; fi ;;
    Linux-aarch64) echo linux-arm64 ;;
    Darwin-x86_64) echo osx-x64 ;;
    Darwin-arm64) echo osx-arm64 ;;
    MINGW*-x86_64|MSYS*-x86_64|CYGWIN*-x86_64) echo win-x64 ;;
    *) die "no release target for $(uname -s) $(uname -m)" ;;
  esac
}
[ ${#rids[@]} -gt 0 ] || mapfile -t rids < <(host_rids)

sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }

mkdir -p "$out"
for rid in "${rids[@]}"; do
  say "building $rid ($version)"
  publish="artifacts/release/$rid"
  ./scripts/build.sh --rid "$rid" --version "$version" --publish-dir "$publish" --publish-only
  exe=opencode-sync; case "$rid" in win-*) exe=opencode-sync.exe ;; esac
  stage="$(mktemp -d)"
  name="opencode-sync-$version-$rid"
  cp "$publish/$exe" "$stage/$exe"
  cp LICENSE README.md "$stage/"
  case "$rid" in
    win-*) (cd "$stage" && if command -v zip >/dev/null 2>&1; then zip -q -X "$root/$out/$name.zip" ./*; else powershell -NoProfile -Command "Compress-Archive -Path * -DestinationPath '$root/$out/$name.zip' -Force"; fi) ;;
    *) tar -C "$stage" -czf "$out/$name.tar.gz" "$exe" LICENSE README.md ;;
  esac
  rm -rf "$stage"
done

# One SHA256SUMS over every archive in the directory (earlier runs' too), in the format sha256sum -c reads.
(
  cd "$out"
  shopt -s nullglob
  archives=(opencode-sync-*.tar.gz opencode-sync-*.zip)
  [ ${#archives[@]} -gt 0 ] || die "no archives in $out"
  sha256 "${archives[@]}" | sort -k2 > SHA256SUMS.tmp
  mv SHA256SUMS.tmp SHA256SUMS
)
say "wrote $(wc -l < "$out/SHA256SUMS") archive(s) and SHA256SUMS to $out/"
