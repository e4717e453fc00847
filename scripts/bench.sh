#!/usr/bin/env bash
# Benchmarks whose numbers go into the README. Builds the binary first; installs hyperfine if missing.
#   scripts/bench.sh [startup] [hook] [journal]   (default: all)
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

# hyperfine ≥ 1.17 feeds stdin with --input; older ones get `sh -c 'exec CMD < FILE'` for every command
# (the same sh cost on each row, and a /bin/true row shows what that cost is).
with_stdin() { # file, command...
  local file="$1"; shift
  if [ "$has_input" = 1 ]; then printf '%s\n' "$*"; else printf "sh -c 'exec %s < %s'\n" "$*" "$file"; fi
}

bench_home() { # a throw-away user: the hook writes its journal there and never wakes delivery
  local dir
  dir="$(mktemp -d)"
  export HOME="$dir" XDG_STATE_HOME="$dir/state" XDG_CONFIG_HOME="$dir/config" OPENCODE_SYNC_NO_WAKE=1
  sed -n 3p tests/OpenCodeSync.Tests/Fixtures/oc-1.18.33-simple.jsonl > "$dir/relevant.json"
  grep -m1 -h '"message.part.delta"' tests/OpenCodeSync.Tests/Fixtures/oc-1.18.33-simple.jsonl > "$dir/ignored.json"
  echo "$dir"
}

hook() {
  local bin="$root/artifacts/bin/opencode-sync" dir json cmds=() input_args=()
  dir="$(bench_home)"; json="$dir/hyperfine.json"
  echo "## hook: one process per event, vs node -e 0 (same hyperfine run; $(wc -c < "$dir/relevant.json")-byte message.updated)"
  [ "$has_input" = 1 ] && input_args=(--input "$dir/relevant.json")
  mapfile -t cmds < <(with_stdin "$dir/relevant.json" "$bin" hook; with_stdin "$dir/ignored.json" "$bin" hook
    with_stdin "$dir/relevant.json" node -e 0; with_stdin "$dir/relevant.json" /bin/true)
  hyperfine -N --warmup 20 --runs "${RUNS:-300}" "${input_args[@]}" --export-json "$json" "${cmds[0]}" "${cmds[2]}" "${cmds[3]}" >/dev/null
  local hook_ms node_ms true_ms
  hook_ms="$(median_ms "$json" 0)"; node_ms="$(median_ms "$json" 1)"; true_ms="$(median_ms "$json" 2)"
  echo "hook (relevant event) median: $hook_ms ms"
  echo "node -e 0 median:            $node_ms ms"
  echo "/bin/true median:            $true_ms ms   (the launcher's own cost, included in every row)"
  echo "ratio node / hook:           $(awk "BEGIN{printf \"%.1f\", $node_ms/$hook_ms}")x"
  [ "$has_input" = 1 ] && input_args=(--input "$dir/ignored.json")
  mapfile -t cmds < <(with_stdin "$dir/ignored.json" "$bin" hook)
  hyperfine -N --warmup 20 --runs "${RUNS:-300}" "${input_args[@]}" --export-json "$json" "${cmds[0]}" >/dev/null
  echo "hook (ignored event) median: $(median_ms "$json" 0) ms"
  local peak=0 kb
  for _ in $(seq 20); do
    kb="$( { /usr/bin/time -f %M "$bin" hook < "$dir/relevant.json" >/dev/null; } 2>&1 | tail -1)"
    [ "$kb" -gt "$peak" ] && peak="$kb"
  done
  echo "hook peak RSS (max of 20):   $peak KiB"
  rm -rf "$dir"
}

# fsync per append, measured end to end: the same hook run with and without OPENCODE_SYNC_JOURNAL_FSYNC.
journal() {
  local bin="$root/artifacts/bin/opencode-sync" dir json cmds=() input_args=()
  dir="$(bench_home)"; json="$dir/hyperfine.json"
  echo "## journal: cost of fsync per append (one event per hook call, same hyperfine run)"
  [ "$has_input" = 1 ] && input_args=(--input "$dir/relevant.json")
  mapfile -t cmds < <(with_stdin "$dir/relevant.json" env OPENCODE_SYNC_JOURNAL_FSYNC=0 "$bin" hook
    with_stdin "$dir/relevant.json" env OPENCODE_SYNC_JOURNAL_FSYNC=1 "$bin" hook)
  hyperfine -N --warmup 20 --runs "${RUNS:-300}" "${input_args[@]}" --export-json "$json" "${cmds[@]}" >/dev/null
  local plain synced
  plain="$(median_ms "$json" 0)"; synced="$(median_ms "$json" 1)"
  echo "append without fsync median: $plain ms"
  echo "append with fsync median:    $synced ms"
  echo "fsync cost per append:       $(awk "BEGIN{printf \"%.2f\", $synced-$plain}") ms ($(df -T "$dir" | awk 'NR==2{print $2}'))"
  rm -rf "$dir"
}

need_hyperfine
has_input=0; hyperfine --help 2>/dev/null | grep -q -- '--input' && has_input=1
./scripts/build.sh
sections=("$@"); [ ${#sections[@]} -gt 0 ] || sections=(startup hook journal)
for s in "${sections[@]}"; do
  case "$s" in
    startup) startup ;;
    hook) hook ;;
    journal) journal ;;
    *) echo "bench.sh: unknown section '$s'" >&2; exit 2 ;;
  esac
done
