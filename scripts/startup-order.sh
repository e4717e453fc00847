#!/usr/bin/env bash
# Regenerate src/OpenCodeSync/startup.order: the managed methods that `--version` and `hook` run, then those the
# archive read commands (`sessions`, `search`, `show`, `stats`) add, which the build lays out first, in that order,
# in the code section (see OpenCodeSync.csproj). Needs perf. Re-run after changes to the
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
export HOME="$work/home" XDG_STATE_HOME="$work/home/state" XDG_CONFIG_HOME="$work/home/config" \
  XDG_DATA_HOME="$work/home/data" OPENCODE_SYNC_NO_WAKE=1
sed -n 3p tests/OpenCodeSync.Tests/Fixtures/oc-1.18.33-simple.jsonl > "$work/event.json"

# A small archive for the read commands: every fixture event through the hook, folded by `flush` (offline, it
# archives and reports the records as pending).
for fixture in tests/OpenCodeSync.Tests/Fixtures/*.jsonl; do
  while IFS= read -r line; do printf '%s\n' "$line" | "$bin" hook; done < "$fixture"
done
"$bin" flush --timeout 5 >/dev/null || true
session="$("$bin" sessions --json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')"
reads="'$bin' sessions; '$bin' search the; '$bin' show $session; '$bin' stats"

# 1. CPU samples over many starts: every method that runs for more than a few microseconds.
perf record -q -e cpu-clock -F 50000 -o "$work/cpu.data" -- sh -c \
  "for i in \$(seq $runs); do '$bin' hook < '$work/event.json'; '$bin' --version >/dev/null; done" >/dev/null 2>&1
perf report -i "$work/cpu.data" --dsos opencode-sync --sort sym --stdio 2>/dev/null \
  | awk '/^ +[0-9]/ {print $3}' > "$work/sampled.txt"
perf record -q -e cpu-clock -F 50000 -o "$work/cpu-reads.data" -- sh -c \
  "for i in \$(seq $((runs / 4))); do $reads; done" >/dev/null 2>&1
perf report -i "$work/cpu-reads.data" --dsos opencode-sync --sort sym --stdio 2>/dev/null \
  | awk '/^ +[0-9]/ {print $3}' > "$work/sampled-reads.txt"
# 2. Page faults of single starts: short methods the sampling misses but that still touch a code page.
for _ in 1 2 3; do
  perf record -q -e page-faults -c 1 -o "$work/pf1.data" "$bin" --version >/dev/null 2>&1
  perf record -q -e page-faults -c 1 -o "$work/pf2.data" "$bin" hook < "$work/event.json" >/dev/null 2>&1
  perf script -i "$work/pf1.data" -F sym; perf script -i "$work/pf2.data" -F sym
done | awk '{print $1}' > "$work/faulted.txt"
for command in sessions "search the" "show $session" stats; do
  # shellcheck disable=SC2086 # the words of $command are its arguments
  perf record -q -e page-faults -c 1 -o "$work/pf3.data" "$bin" $command >/dev/null 2>&1
  perf script -i "$work/pf3.data" -F sym
done | awk '{print $1}' > "$work/faulted-reads.txt"

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
cat "$work/sampled.txt" "$work/faulted.txt" "$work/sampled-reads.txt" "$work/faulted-reads.txt" | awk '!seen[$0]++' | grep -Fxf "$work/managed.txt" > src/OpenCodeSync/startup.order
echo "wrote src/OpenCodeSync/startup.order ($(wc -l < src/OpenCodeSync/startup.order) methods)" >&2
