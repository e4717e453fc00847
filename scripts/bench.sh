#!/usr/bin/env bash
# Benchmarks whose numbers go into the README. Builds the binary first; installs hyperfine if missing.
#   scripts/bench.sh [startup] [hook] [journal] [redact] [redact-rules] [opencode] [sync] [archive] [pull]   (default: startup hook journal)
#   opencode: real OpenCode turns against the mock LLM, without the plugin vs with it (coalesced, and one
#             process per event for comparison), alternating; BENCH_RUNS=5 per arm.
#   archive:  a generated archive of ARCHIVE_SESSIONS (10,000) sessions x 25 messages; `sessions` and `search` as whole
#             processes, side by side with `grep -rl` over the same sessions exported as Markdown files; bytes per 1,000 messages.
#   pull:     `pull` of PULL_SESSIONS (2,000) sessions x 25 messages from the contract server at BENCH_LATENCY_MS (20) per
#             request, alternating with a one-at-a-time fetch loop (PULL_RUNS=2 per arm); a second pull; search before and
#             after pulling into an archive of PULL_LOCAL_SESSIONS (2,000) local sessions.
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
  python3 -c 'import json,sys,statistics; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; t=statistics.median(r["times"])*1000; print(f"{t:.2f}")' "$1" "$2"
}

p95_ms() { # hyperfine JSON, command index
  python3 -c 'import json,sys; t=sorted(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["times"]); print(f"{t[min(len(t)-1, int(len(t)*0.95))]*1000:.2f}")' "$1" "$2"
}


# One file per kind of benchmark, each defining its section functions.
for part in process opencode sync archive pull; do
  # shellcheck source=/dev/null
  . "$root/scripts/bench/$part.sh"
done


need_hyperfine
has_input=0; hyperfine --help 2>/dev/null | grep -q -- '--input' && has_input=1
export has_input # read by the sections' with_stdin
./scripts/build.sh
sections=("$@"); [ ${#sections[@]} -gt 0 ] || sections=(startup hook journal)
for s in "${sections[@]}"; do
  case "$s" in
    startup) startup ;;
    hook) hook ;;
    journal) journal ;;
    redact) redact ;;
    redact-rules) redact --rules ;;
    opencode) opencode_section ;;
    sync) sync_section ;;
    archive) archive_section ;;
    pull) pull_section ;;
    *) echo "bench.sh: unknown section '$s'" >&2; exit 2 ;;
  esac
done
