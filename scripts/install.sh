#!/bin/sh
# Install (or upgrade) opencode-sync from a release:
#   curl -fsSL https://github.com/opencode-sync/opencode-sync/releases/latest/download/install.sh | sh
#   sh install.sh [--version X.Y.Z] [--prefix DIR] [--setup]
# The archive is verified against the release's SHA256SUMS before anything is installed.
# OPENCODE_SYNC_DOWNLOAD_URL overrides where releases are fetched from (a mirror, or a test server):
#   $URL/latest/download/FILE and $URL/download/vX.Y.Z/FILE, as GitHub lays them out.
# The whole script is one function called on the last line, so a truncated download never half-runs.
set -eu

DEFAULT_URL="https://github.com/opencode-sync/opencode-sync/releases"

say() { printf 'opencode-sync install: %s\n' "$*" >&2; }
err() { say "error: $*"; exit 1; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || err "'$1' is required but not installed"; }

usage() {
  cat >&2 <<USAGE
usage: install.sh [--version X.Y.Z] [--prefix DIR] [--setup]
  --version X.Y.Z  install this version (default: the latest release)
  --prefix DIR     install into DIR (default: ~/.local/bin); no sudo needed
  --setup          run 'opencode-sync setup' afterwards (installs the OpenCode plugin)
USAGE
}

download() { # url dest
  if command -v curl >/dev/null 2>&1; then
    curl --proto '=https,http' -fsSL --retry 3 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1"
  else
    err "curl or wget is required to download $1"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
  elif command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 "$1" | sed 's/^.*= *//'
  else err "no SHA-256 tool (sha256sum, shasum or openssl) to verify the download; refusing to install unverified"
  fi
}

detect_target() {
  os="$(uname -s)"; arch="$(uname -m)"
  case "$arch" in
    x86_64|amd64) arch=x64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) err "no opencode-sync build for CPU '$arch' ($os); build from source: https://github.com/opencode-sync/opencode-sync#build-from-source" ;;
  esac
  case "$os" in
    Linux)
      libc=""
      if ldd --version 2>&1 | grep -qi musl || ls /lib/ld-musl-* >/dev/null 2>&1; then libc="-musl"; fi
      echo "linux${libc}-${arch}" ;;
    Darwin)
      # An x64 shell under Rosetta 2 on Apple silicon still wants the native arm64 build.
      if [ "$arch" = x64 ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || echo 0)" = 1 ]; then arch=arm64; fi
      echo "osx-${arch}" ;;
    *) err "no opencode-sync build for OS '$os'; on Windows use install.ps1" ;;
  esac
}

main() {
  version="" prefix="${HOME:?HOME is not set}/.local/bin" run_setup=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --version) [ $# -ge 2 ] || err "--version needs a value"; version="${2#v}"; shift 2 ;;
      --prefix) [ $# -ge 2 ] || err "--prefix needs a directory"; prefix="$2"; shift 2 ;;
      --setup) run_setup=1; shift ;;
      -h|--help) usage; exit 0 ;;
      *) usage; err "unknown option '$1'" ;;
    esac
  done
  need_cmd uname; need_cmd tar; need_cmd mktemp

  base="${OPENCODE_SYNC_DOWNLOAD_URL:-$DEFAULT_URL}"; base="${base%/}"
  target="$(detect_target)"
  if [ -n "$version" ]; then dir="$base/download/v$version"; else dir="$base/latest/download"; fi

  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT INT TERM

  download "$dir/SHA256SUMS" "$tmp/SHA256SUMS" || err "cannot download $dir/SHA256SUMS (is the version right? is the network up?)"
  line="$(grep -E "  opencode-sync-[^ ]+-${target}\.tar\.gz\$" "$tmp/SHA256SUMS" | head -n 1 || true)"
  [ -n "$line" ] || err "release has no build for $target ($dir); build from source instead"
  expected="${line%% *}"
  file="${line##* }"
  found_version="${file#opencode-sync-}"; found_version="${found_version%-"$target".tar.gz}"

  say "downloading opencode-sync $found_version for $target"
  download "$dir/$file" "$tmp/$file" || err "cannot download $dir/$file"
  actual="$(sha256_of "$tmp/$file")"
  if [ "$actual" != "$expected" ]; then
    err "checksum mismatch for $file: expected $expected, got $actual. The download is corrupt or was tampered with; nothing was installed."
  fi

  mkdir -p "$tmp/x"
  tar -xzf "$tmp/$file" -C "$tmp/x" || err "cannot unpack $file"
  [ -f "$tmp/x/opencode-sync" ] || err "$file does not contain opencode-sync"
  chmod 755 "$tmp/x/opencode-sync"
  "$tmp/x/opencode-sync" --version >/dev/null 2>&1 || err "the downloaded binary does not run on this machine ($target)"

  mkdir -p "$prefix" || err "cannot create $prefix"
  # Copy next to the destination, then rename: an upgrade is atomic even while the old binary runs.
  cp "$tmp/x/opencode-sync" "$prefix/.opencode-sync.new.$$" || err "cannot write to $prefix"
  mv -f "$prefix/.opencode-sync.new.$$" "$prefix/opencode-sync"
  say "installed $("$prefix/opencode-sync" --version) to $prefix/opencode-sync"

  case ":${PATH:-}:" in
    *":$prefix:"*) ;;
    *) say "$prefix is not on your PATH; add it, e.g.: echo 'export PATH=\"$prefix:\$PATH\"' >> ~/.profile" ;;
  esac

  if [ "$run_setup" = 1 ]; then
    "$prefix/opencode-sync" setup
  else
    say "next: opencode-sync login && opencode-sync setup"
  fi
}

main "$@" || exit 1
