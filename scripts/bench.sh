#!/usr/bin/env bash
# Benchmarks whose numbers go into the README. Builds the binary first; installs hyperfine if missing.
#   scripts/bench.sh [startup] [redact] [redact-rules]   (more sections come with the hook and sync)
# Noisy machines: compare the rows of one run with each other, not with another run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

need_hyperfine() {
  command -v hyperfine >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq hyperfine) >/dev/null 2>&1 || true
  fi
  command -v hyperfine >/dev/null 2>&1 || { echo "bench.sh: hyperfine is required (apt-get install hyperfine)" >&2; exit 2; }
}

median_ms() { # hyperfine JSON, command index
  python3 -c 'import json,sys,statistics; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print("%.2f" % (statistics.median(r["times"])*1000))' "$1" "$2"
}

startup() {
  local bin=artifacts/bin/opencode-sync json
  json="$(mktemp)"
  echo "## startup: binary size and --version vs node -e 0 (same hyperfine run)"
  echo "binary size: $(wc -c < "$bin") bytes ($(awk "BEGIN{printf \"%.2f\", $(wc -c < "$bin")/1048576}") MiB)"
  local cmds=("$bin --version")
  command -v node >/dev/null 2>&1 && cmds+=("node -e 0")
  hyperfine -N --warmup 20 --runs 300 --export-json "$json" "${cmds[@]}" >/dev/null
  echo "opencode-sync --version median: $(median_ms "$json" 0) ms"
  if [ "${#cmds[@]}" -gt 1 ]; then
    echo "node -e 0 median: $(median_ms "$json" 1) ms"
  fi
  rm -f "$json"
}

# Redaction throughput, NativeAOT-published like the binary; CPU time, so a busy machine does not skew it.
redact() { # [--rules]: per-rule candidates/matches/CPU instead
  echo "## redact: 10 MB realistic tool output and 4 KB hook-sized texts (tests/OpenCodeSync.Bench)"
  dotnet publish tests/OpenCodeSync.Bench -c Release -r "$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)" \
    -o artifacts/bench --nologo -v quiet >&2
  artifacts/bench/OpenCodeSync.Bench "$@"
}

sections=("$@"); [ ${#sections[@]} -gt 0 ] || sections=(startup)
case " ${sections[*]} " in *" startup "*) need_hyperfine; ./scripts/build.sh ;; esac
for s in "${sections[@]}"; do
  case "$s" in
    startup) startup ;;
    redact) redact ;;
    redact-rules) redact --rules ;;
    *) echo "bench.sh: unknown section '$s'" >&2; exit 2 ;;
  esac
done
