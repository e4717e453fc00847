#!/usr/bin/env bash
# Regenerate src/OpenCodeSync/startup.order: the managed methods that `--version` and `hook` run, which the
# build lays out first in the code section (see OpenCodeSync.csproj). Needs perf. Re-run after changes to the
# start-up path; a stale file is harmless (unknown names are skipped), it only costs page faults again.
#   scripts/startup-order.sh [RUNS]   (default 200 runs of each command)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-200}"
command -v perf >/dev/null 2>&1 || { echo "startup-order.sh: perf is required" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Symbols kept (StripSymbols=false) so perf can name the methods; the loaded layout is the same as stripped.
dotnet publish src/OpenCodeSync/OpenCodeSync.csproj -c Release --use-current-runtime -o "$work/bin" --nologo -v quiet \
  -p:StripSymbols=false >&2
bin="$work/bin/opencode-sync"
mkdir -p "$work/home"
export HOME="$work/home" XDG_STATE_HOME="$work/home/state" XDG_CONFIG_HOME="$work/home/config" OPENCODE_SYNC_NO_WAKE=1
sed -n 3p tests/OpenCodeSync.Tests/Fixtures/oc-1.18.33-simple.jsonl > "$work/event.json"

# 1. CPU samples over many starts: every method that runs for more than a few microseconds.
perf record -q -e cpu-clock -F 50000 -o "$work/cpu.data" -- sh -c \
  "for i in \$(seq $runs); do '$bin' hook < '$work/event.json'; '$bin' --version >/dev/null; done" >/dev/null 2>&1
perf report -i "$work/cpu.data" --dsos opencode-sync --sort sym --stdio 2>/dev/null \
  | awk '/^ +[0-9]/ {print $3}' > "$work/sampled.txt"
# 2. Page faults of single starts: short methods the sampling misses but that still touch a code page.
for _ in 1 2 3; do
  perf record -q -e page-faults -c 1 -o "$work/pf1.data" "$bin" --version >/dev/null 2>&1
  perf record -q -e page-faults -c 1 -o "$work/pf2.data" "$bin" hook < "$work/event.json" >/dev/null 2>&1
  perf script -i "$work/pf1.data" -F sym; perf script -i "$work/pf2.data" -F sym
done | awk '{print $1}' > "$work/faulted.txt"

# Only managed methods (the __managedcode section) can be ordered; native runtime code is linked as is.
nm --defined-only "$bin" | python3 -c '
import subprocess, sys
sections = subprocess.run(["readelf", "-SW", sys.argv[1]], capture_output=True, text=True).stdout
start, size = next((int(f[f.index(n) + 2], 16), int(f[f.index(n) + 4], 16))
                   for f in (l.split() for l in sections.splitlines()) for n in ["__managedcode"] if n in f)
for line in sys.stdin:
    addr, _, name = line.split(maxsplit=2)
    if start <= int(addr, 16) < start + size:
        print(name.strip())
' "$bin" | sort -u > "$work/managed.txt"
cat "$work/sampled.txt" "$work/faulted.txt" | awk '!seen[$0]++' | grep -Fxf "$work/managed.txt" > src/OpenCodeSync/startup.order
echo "wrote src/OpenCodeSync/startup.order ($(wc -l < src/OpenCodeSync/startup.order) methods)" >&2
