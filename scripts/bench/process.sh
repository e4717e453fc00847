# shellcheck shell=bash disable=SC2154 # root and has_input come from scripts/bench.sh
# scripts/bench.sh startup, hook, journal, redact: sourced by scripts/bench.sh, which sets root, has_input and the helpers.

startup() {
  local bin=artifacts/bin/opencode-sync json
  json="$(mktemp)"
  echo "## startup: binary size and --version vs node -e 0 (same hyperfine run)"
  echo "binary size: $(wc -c < "$bin") bytes ($(awk "BEGIN{printf \"%.2f\", $(wc -c < "$bin")/1048576}") MiB)"
  # /bin/true is this machine's floor: what starting any process costs here.
  local cmds=("$bin --version" "/bin/true")
  command -v node >/dev/null 2>&1 && cmds+=("node -e 0")
  hyperfine -N --warmup 20 --runs 300 --export-json "$json" "${cmds[@]}" >/dev/null
  echo "opencode-sync --version median: $(median_ms "$json" 0) ms"
  echo "/bin/true median: $(median_ms "$json" 1) ms   (process start-up floor of this machine)"
  if [ "${#cmds[@]}" -gt 2 ]; then
    echo "node -e 0 median: $(median_ms "$json" 2) ms"
  fi
  if command -v perf >/dev/null 2>&1; then
    # Page faults are what start-up costs on a VM where each one is expensive; unlike time, they do not vary with load.
    echo "opencode-sync --version page faults: $(perf stat -x, -e page-faults "$bin" --version 2>&1 >/dev/null | cut -d, -f1)"
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


# hyperfine ≥ 1.17 feeds stdin with --input; older ones get `sh -c 'exec CMD < FILE'` for every command
# (the same sh cost on each row, and a /bin/true row shows what that cost is).
with_stdin() { # file, command...
  local file="$1"; shift
  if [ "$has_input" = 1 ]; then printf '%s\n' "$*"; else printf "sh -c 'exec %s < %s'\n" "$*" "$file"; fi
}

# A throw-away user: the hook writes its journal there and never wakes delivery. Sets bench_dir; not called
# as $(bench_home), whose subshell would drop the exports (the hook then ran as the real user, waking delivery).
bench_home() {
  bench_dir="$(mktemp -d)"
  export HOME="$bench_dir" XDG_STATE_HOME="$bench_dir/state" XDG_CONFIG_HOME="$bench_dir/config" \
    XDG_DATA_HOME="$bench_dir/data" OPENCODE_SYNC_NO_WAKE=1
  sed -n 3p tests/OpenCodeSync.Tests/Fixtures/oc-1.18.33-simple.jsonl > "$bench_dir/relevant.json"
  grep -m1 -h '"message.part.delta"' tests/OpenCodeSync.Tests/Fixtures/oc-1.18.33-simple.jsonl > "$bench_dir/ignored.json"
}

hook() ( # a subshell: bench_home's exports end with it
  local bin="$root/artifacts/bin/opencode-sync" dir json cmds=() input_args=()
  bench_home; dir="$bench_dir"; json="$dir/hyperfine.json"
  echo "## hook: one process per event, vs node -e 0 (same hyperfine run; $(wc -c < "$dir/relevant.json")-byte message.updated)"
  [ "$has_input" = 1 ] && input_args=(--input "$dir/relevant.json")
  mapfile -t cmds < <(with_stdin "$dir/relevant.json" "$bin" hook; with_stdin "$dir/ignored.json" "$bin" hook
    with_stdin "$dir/relevant.json" node -e 0; with_stdin "$dir/relevant.json" /bin/true)
  hyperfine -N --warmup 20 --runs "${RUNS:-300}" "${input_args[@]}" --export-json "$json" "${cmds[0]}" "${cmds[2]}" "${cmds[3]}" >/dev/null
  local hook_ms node_ms true_ms
  hook_ms="$(median_ms "$json" 0)"; node_ms="$(median_ms "$json" 1)"; true_ms="$(median_ms "$json" 2)"
  echo "hook (relevant event) median: $hook_ms ms"
  if command -v perf >/dev/null 2>&1; then
    echo "hook (relevant event) page faults: $(perf stat -x, -e page-faults "$bin" hook < "$dir/relevant.json" 2>&1 >/dev/null | cut -d, -f1)"
  fi
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
)

# fsync per append, measured end to end: the same hook run with and without OPENCODE_SYNC_JOURNAL_FSYNC.
journal() ( # a subshell: bench_home's exports end with it
  local bin="$root/artifacts/bin/opencode-sync" dir json cmds=() input_args=()
  bench_home; dir="$bench_dir"; json="$dir/hyperfine.json"
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
)
