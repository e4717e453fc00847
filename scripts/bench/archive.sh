# shellcheck shell=bash disable=SC2154 # root and has_input come from scripts/bench.sh
# scripts/bench.sh archive (with the recall calls): sourced by scripts/bench.sh, which sets root, has_input and the helpers.


# The read commands on a big archive, as a user runs them: whole processes, next to an empty NativeAOT start
# (--version) and grep over the same text as files; first as a local-only user (no delivery state), then as one
# whose every record was sent.
archive_section() {
  local bin="$root/artifacts/bin/opencode-sync" work sessions="${ARCHIVE_SESSIONS:-10000}" json
  work="$(mktemp -d /tmp/ocs-archive-bench.XXXXXX)"
  trap 'rm -rf "$work"' RETURN
  dotnet publish tests/OpenCodeSync.Bench -c Release -r "$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)" \
    -o artifacts/bench --nologo -v quiet >&2
  export HOME="$work" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" NO_COLOR=1
  echo "## archive: $sessions sessions x 25 messages"
  artifacts/bench/OpenCodeSync.Bench archive "$work/data/opencode-sync" "$sessions" 25
  local db="$work/data/opencode-sync/archive.db" bytes messages
  bytes=$(( $(wc -c < "$db") + $( [ -f "$db-wal" ] && wc -c < "$db-wal" || echo 0) ))
  messages=$(( sessions * 25 ))
  echo "archive size: $bytes bytes, $(awk "BEGIN{printf \"%.0f\", $bytes/($messages/1000)}") bytes per 1,000 messages"
  local t0 t1
  t0=$(date +%s%N)
  "$bin" export --all --format md --out "$work/md" >/dev/null
  t1=$(date +%s%N)
  echo "export --all --format md: $(( (t1 - t0) / 1000000 )) ms, $(du -sb "$work/md" | cut -f1) bytes of Markdown in $(find "$work/md" -type f | wc -l) files"
  echo "hits: zanzibar $("$bin" search zanzibar --limit 100000 --json | grep -c '"sessionId"'), quokka $("$bin" search quokka --limit 100000 --json | grep -c '"sessionId"') (limit 20 shown below)"
  json="$work/hyperfine.json"
  hyperfine -N --warmup 5 --runs "${RUNS:-40}" --export-json "$json" \
    "$bin --version" "$bin sessions" "$bin search zanzibar" "$bin search quokka" "$bin stats" "grep -rl zanzibar $work/md" >/dev/null
  echo "empty start (--version) median:      $(median_ms "$json" 0) ms"
  echo "sessions median:                     $(median_ms "$json" 1) ms"
  echo "search (rare word) median:           $(median_ms "$json" 2) ms"
  echo "search (word in ~2% of messages):    $(median_ms "$json" 3) ms"
  echo "stats (by day) median:               $(median_ms "$json" 4) ms"
  echo "grep -rl (rare word, Markdown files): $(median_ms "$json" 5) ms"
  # A logged-in user who synced everything: the sync column reads a state.db of 260,000 delivery rows.
  mkdir -p "$work/state/opencode-sync"
  artifacts/bench/OpenCodeSync.Bench state "$work/data/opencode-sync" "$work/state/opencode-sync"
  hyperfine -N --warmup 5 --runs "${RUNS:-40}" --export-json "$json" "$bin sessions" "$bin search zanzibar" >/dev/null
  echo "sessions, everything synced, median: $(median_ms "$json" 0) ms"
  echo "search (rare word), synced, median:  $(median_ms "$json" 1) ms"
  recall_bench "$bin" "$work"
}

# The agent's history tools as one process per call, as the plugin runs them (a request on stdin), beside an empty
# start fed the same way: the rare word, the common word (its count capped), and a transcript read around a match.
recall_bench() {
  local bin="$1" work="$2" json="$2/recall.json" id
  id="$("$bin" search zanzibar --json --limit 1 | sed -n 's/.*"sessionId": *"\([^"]*\)".*/\1/p' | head -1)"
  printf '{"tool":"history_search","args":{"query":"zanzibar"},"sessionID":"ses_none","directory":"/home/me/src/project-3"}' > "$work/rare.json"
  printf '{"tool":"history_search","args":{"query":"quokka","project":"all","limit":25},"sessionID":"ses_none"}' > "$work/common.json"
  printf '{"tool":"history_read","args":{"session":"%s","query":"zanzibar"},"sessionID":"ses_none"}' "$id" > "$work/read.json"
  "$bin" recall < "$work/rare.json" | grep -q zanzibar || { echo "bench.sh: recall found nothing" >&2; return 1; }
  hyperfine -N --warmup 5 --runs "${RUNS:-100}" --export-json "$json" \
    "sh -c 'exec $bin --version < $work/rare.json'" "sh -c 'exec $bin recall < $work/rare.json'" \
    "sh -c 'exec $bin recall < $work/common.json'" "sh -c 'exec $bin recall < $work/read.json'" >/dev/null
  echo "recall, same launcher (sh -c exec, stdin from a file): empty start --version p50 $(median_ms "$json" 0) ms, p95 $(p95_ms "$json" 0) ms"
  echo "history_search rare word, this project: p50 $(median_ms "$json" 1) ms, p95 $(p95_ms "$json" 1) ms, $("$bin" recall < "$work/rare.json" | wc -c) chars"
  echo "history_search common word, all, 25:    p50 $(median_ms "$json" 2) ms, p95 $(p95_ms "$json" 2) ms, $("$bin" recall < "$work/common.json" | wc -c) chars"
  echo "history_read around a match:            p50 $(median_ms "$json" 3) ms, p95 $(p95_ms "$json" 3) ms, $("$bin" recall < "$work/read.json" | wc -c) chars"
  node scripts/recall-latency.mjs "$bin" /home/me/src/project-3 "$id" "${RUNS:-60}"
}
