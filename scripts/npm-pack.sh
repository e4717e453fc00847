#!/usr/bin/env bash
# Build the npm packages from release archives: the plugin plus one package per platform carrying the
# binary (the esbuild pattern: the plugin lists them as optionalDependencies, npm installs only the one
# whose os/cpu match, and the plugin resolves the binary from it first).
#   scripts/npm-pack.sh VERSION [--dist DIR] [--out DIR]
# DIR (default dist/) holds release.sh's opencode-sync-VERSION-RID archives; packs go to --out (default dist/npm).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

say() { printf 'npm-pack.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

version="${1:-}"; [ -n "$version" ] || die "usage: scripts/npm-pack.sh VERSION [--dist DIR] [--out DIR]"
shift; version="${version#v}"
dist="dist" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) die "unknown argument '$1'" ;;
  esac
done
[ -n "$out" ] || out="$dist/npm"
command -v npm >/dev/null 2>&1 || die "npm is required"
mkdir -p "$out"; out="$(cd "$out" && pwd)"; dist="$(cd "$dist" && pwd)"

# RID → the names Node uses for process.platform / process.arch.
node_target() {
  case "$1" in
    linux-x64) echo "linux x64" ;;
    linux-arm64) echo "linux arm64" ;;
    osx-x64) echo "darwin x64" ;;
    osx-arm64) echo "darwin arm64" ;;
    win-x64) echo "win32 x64" ;;
    *) return 1 ;;
  esac
}
all_rids=(linux-x64 linux-arm64 osx-x64 osx-arm64 win-x64)

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
optional=""
for rid in "${all_rids[@]}"; do
  read -r os cpu < <(node_target "$rid")
  name="opencode-sync-$os-$cpu"
  optional="$optional\"$name\": \"$version\","
  exe=opencode-sync; archive="$dist/opencode-sync-$version-$rid.tar.gz"
  [ "$os" = win32 ] && { exe=opencode-sync.exe; archive="$dist/opencode-sync-$version-$rid.zip"; }
  [ -f "$archive" ] || { say "no $archive: skipping $name"; continue; }
  dir="$stage/$name"; mkdir -p "$dir/bin"
  case "$archive" in
    *.zip) (cd "$dir/bin" && unzip -q "$archive" "$exe") ;;
    *) tar -xzf "$archive" -C "$dir/bin" "$exe" ;;
  esac
  chmod 755 "$dir/bin/$exe"
  cp LICENSE "$dir/"
  cat > "$dir/package.json" <<JSON
{
  "name": "$name",
  "version": "$version",
  "description": "The opencode-sync binary for $os-$cpu (installed by opencode-sync-plugin).",
  "license": "MIT",
  "os": ["$os"],
  "cpu": ["$cpu"],
  "files": ["bin/", "LICENSE"],
  "preferUnplugged": true
}
JSON
  (cd "$dir" && npm pack --silent --pack-destination "$out" >/dev/null)
  say "packed $name@$version"
done

plugin="$stage/opencode-sync-plugin"
cp -R src/plugin "$plugin"
rm -rf "$plugin/test" "$plugin/node_modules"
cp LICENSE "$plugin/"
node -e '
  const fs = require("fs"), [file, version, optional] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  pkg.version = version;
  pkg.optionalDependencies = JSON.parse("{" + optional.replace(/,$/, "") + "}");
  pkg.files = [...new Set([...(pkg.files || []), "LICENSE"])];
  delete pkg.scripts;
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
' "$plugin/package.json" "$version" "$optional"
(cd "$plugin" && npm pack --silent --pack-destination "$out" >/dev/null)
say "packed opencode-sync-plugin@$version → $out"
