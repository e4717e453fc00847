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

# OpenCode wall time per turn: no plugin / plugin (250 ms bursts) / plugin (a process per event), alternating
# so load drift hits every arm alike. The plugin talks to the standalone contract server like a real backend.
opencode_section() {
  local runs="${BENCH_RUNS:-5}" oc work mock_pid server_pid
  oc="$(./scripts/opencode-install.sh)"
  work="$(mktemp -d /tmp/ocs-bench.XXXXXX)"
  mkdir -p "$work"/{home,tmp,none,plugin}
  trap 'kill "$mock_pid" "$server_pid" 2>/dev/null || true; rm -rf "$work"' RETURN
  node tests/e2e/mock-llm.mjs --port-file "$work/mock.port" & mock_pid=$!
  # Built, then run directly: killing `dotnet run` by PID would leave its child server behind.
  dotnet build -c Release tests/OpenSync.ContractServer >/dev/null
  dotnet artifacts/build/bin/OpenSync.ContractServer/release/OpenSync.ContractServer.dll --port 0 --port-file "$work/server.port" \
    --api-key osk_BenchKey0123456789abcdefghijklmn >"$work/server.log" 2>&1 & server_pid=$!
  for _ in $(seq 1 600); do [ -s "$work/mock.port" ] && [ -s "$work/server.port" ] && break; sleep 0.1; done
  [ -s "$work/server.port" ] || { echo "bench.sh: contract server did not start" >&2; cat "$work/server.log" >&2; return 1; }
  local env=(HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
    XDG_STATE_HOME="$work/home/.local/state" XDG_CACHE_HOME="$work/home/.cache" TMPDIR="$work/tmp"
    PATH=/usr/local/bin:/usr/bin:/bin CI=1 NO_COLOR=1 OPENCODE_SYNC_BIN="$root/artifacts/bin/opencode-sync"
    OPENCODE_DISABLE_AUTOUPDATE=1 OPENCODE_DISABLE_MODELS_FETCH=1 OPENCODE_DISABLE_LSP_DOWNLOAD=1 OPENCODE_DISABLE_SHARE=1)
  local cfg
  cfg="{\"\$schema\":\"https://opencode.ai/config.json\",\"autoupdate\":false,\"share\":\"disabled\",\"model\":\"mock/mock-model\",\"small_model\":\"mock/mock-model\",
  \"provider\":{\"mock\":{\"npm\":\"@ai-sdk/openai-compatible\",\"name\":\"Mock\",\"options\":{\"baseURL\":\"http://127.0.0.1:$(cat "$work/mock.port")/v1\",\"apiKey\":\"k\"},
  \"models\":{\"mock-model\":{\"name\":\"Mock\",\"tool_call\":true,\"limit\":{\"context\":128000,\"output\":4096}}}}}}"
  echo "$cfg" > "$work/none/opencode.json"; echo "$cfg" > "$work/plugin/opencode.json"
  echo osk_BenchKey0123456789abcdefghijklmn | env -i "${env[@]}" artifacts/bin/opencode-sync login \
    --url "http://127.0.0.1:$(cat "$work/server.port")" --api-key-stdin >/dev/null
  (cd "$work/plugin" && env -i "${env[@]}" "$root/artifacts/bin/opencode-sync" setup --project --plugin "$root/src/plugin/index.js" >/dev/null)
  turn() { # ARM -> appends ms to $work/ARM.ms
    local arm="$1" dir=none extra=() t0 t1
    case "$arm" in burst) dir=plugin; extra=(OPENCODE_SYNC_FLUSH_MS=250) ;; per-event) dir=plugin; extra=(OPENCODE_SYNC_FLUSH_MS=0) ;; esac
    t0=$(date +%s%N)
    (cd "$work/$dir" && env -i "${env[@]}" "${extra[@]}" OPENCODE_SYNC_PLUGIN_STATS="$work/$arm.stats" \
      "$oc" run --model mock/mock-model "say hello" </dev/null >/dev/null 2>>"$work/$arm.err") || echo "bench.sh: a $arm turn failed" >&2
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 )) >> "$work/$arm.ms"
  }
  turn none   # warm-up: first start fills OpenCode's caches
  rm -f "$work/none.ms"
  for _ in $(seq 1 "$runs"); do turn none; turn burst; turn per-event; done
  echo "## opencode: 'opencode run' wall time per turn, $runs alternating runs per arm (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  python3 - "$work" <<'PY'
import json, statistics, sys, os
w = sys.argv[1]
ms = {a: [int(x) for x in open(f"{w}/{a}.ms")] for a in ("none", "burst", "per-event")}
base = statistics.median(ms["none"])
for a in ("none", "burst", "per-event"):
    line = f"{a:10} median {statistics.median(ms[a]):7.0f} ms  ({statistics.median(ms[a]) / base * 100 - 100:+.1f} %)  runs {ms[a]}"
    f = f"{w}/{a}.stats"
    if os.path.exists(f):
        st = [json.loads(l) for l in open(f)]
        procs = statistics.mean(s["spawned"] + s["spawnedSync"] for s in st)
        block = statistics.mean(s["eventMs"] + s["spawnMs"] + s["syncMs"] for s in st)
        fwd = statistics.mean(s["forwarded"] for s in st)
        line += f"\n{'':10} processes/turn {procs:.1f}, forwarded events/turn {fwd:.0f}, event-loop blocking {block:.1f} ms/turn ({block / max(fwd, 1):.2f} ms per forwarded event)"
    print(line)
PY
  kill "$mock_pid" "$server_pid" 2>/dev/null || true
}

# Backfill: `sync` of a generated 200-session × 25-message opencode.db to the standalone contract server with a
# per-request latency (BENCH_LATENCY_MS, default 20) standing in for a hosted backend's round trip, side by side
# with the original plugin's algorithm (one request at a time, one per message) over the same records against the
# same server; then peak RSS of `sync` for 200 vs 2,000 sessions.
sync_section() {
  local work server_pid key=osk_BenchKey0123456789abcdefghijklmn latency="${BENCH_LATENCY_MS:-20}"
  work="$(mktemp -d /tmp/ocs-sync-bench.XXXXXX)"
  trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' RETURN
  gen_db() { # path sessions
    python3 - "$1" "$2" <<'PY'
import json, sqlite3, sys
path, n = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path)
db.executescript("""
CREATE TABLE session (id text PRIMARY KEY, project_id text NOT NULL, parent_id text, slug text NOT NULL, directory text NOT NULL,
  title text NOT NULL, version text NOT NULL, cost real DEFAULT 0 NOT NULL, tokens_input integer DEFAULT 0 NOT NULL,
  tokens_output integer DEFAULT 0 NOT NULL, tokens_reasoning integer DEFAULT 0 NOT NULL, tokens_cache_read integer DEFAULT 0 NOT NULL,
  tokens_cache_write integer DEFAULT 0 NOT NULL, agent text, model text, time_created integer NOT NULL, time_updated integer NOT NULL, time_archived integer);
CREATE TABLE message (id text PRIMARY KEY, session_id text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL);
CREATE TABLE part (id text PRIMARY KEY, message_id text NOT NULL, session_id text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL);
-- OpenCode's own indexes (its migrations): without them every session read would scan the whole table.
CREATE INDEX message_session_time_created_id_idx ON message (session_id, time_created, id);
CREATE INDEX part_message_id_id_idx ON part (message_id, id);
CREATE INDEX part_session_idx ON part (session_id);
""")
t0 = 1_790_000_000_000
for s in range(n):
    sid = f"ses_{s:06d}bench"; base = t0 + s * 600_000
    db.execute("INSERT INTO session VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (sid, "proj", None, f"slug-{s}", f"/home/me/src/project-{s % 20}", f"Session {s}", "1.18.33", 0, 0, 0, 0, 0, 0, "build",
         json.dumps({"id": "mock-model", "providerID": "mock"}), base, base + 25 * 2000, None))
    for m in range(25):
        mid = f"msg_{s:06d}{m:04d}bench"; t = base + m * 2000
        if m % 2 == 0:
            data = {"role": "user", "time": {"created": t}, "agent": "build", "model": {"providerID": "mock", "modelID": "mock-model"}}
        else:
            data = {"role": "assistant", "parentID": f"msg_{s:06d}{m-1:04d}bench", "modelID": "mock-model", "providerID": "mock", "mode": "build",
                    "agent": "build", "path": {"cwd": "/", "root": "/"}, "cost": 0.001, "time": {"created": t, "completed": t + 1500},
                    "tokens": {"input": 100, "output": 20, "reasoning": 0, "cache": {"read": 10, "write": 0}}, "finish": "stop"}
        db.execute("INSERT INTO message VALUES (?,?,?,?,?)", (mid, sid, t, t, json.dumps(data)))
        text = f"Question {m} about the code?" if m % 2 == 0 else f"Here is an answer to {m}, with some detail. " * 8
        db.execute("INSERT INTO part VALUES (?,?,?,?,?,?)", (f"prt_{s:06d}{m:04d}bench", mid, sid, t, t,
            json.dumps({"type": "text", "text": text, "time": {"start": t, "end": t + 1}})))
db.commit()
PY
  }
  gen_db "$work/200.db" 200
  dotnet build -c Release tests/OpenSync.ContractServer >/dev/null
  dotnet artifacts/build/bin/OpenSync.ContractServer/release/OpenSync.ContractServer.dll --port 0 --port-file "$work/server.port" \
    --api-key "$key" --latency-ms "$latency" >"$work/server.log" 2>&1 & server_pid=$!
  for _ in $(seq 1 300); do [ -s "$work/server.port" ] && break; sleep 0.1; done
  local url env ours theirs rss200 rss2000 n
  url="http://127.0.0.1:$(cat "$work/server.port")"
  env=(HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.local/state" XDG_DATA_HOME="$work/home/.local/share"
       PATH="$PATH" OPENCODE_DB="$work/200.db" OPENCODE_SYNC_NO_WAKE=1)
  echo "$key" | env -i "${env[@]}" artifacts/bin/opencode-sync login --url "$url" --api-key-stdin >/dev/null
  echo "## sync: 200 sessions x 25 messages (5,000 messages) to the contract server, ${latency} ms latency per request"
  # Ours: wall time and peak RSS of the real command (progress goes to stderr, the summary to stdout).
  /usr/bin/time -o "$work/ours.time" -f "%e %M" env -i "${env[@]}" artifacts/bin/opencode-sync sync >"$work/ours.out" 2>/dev/null
  read -r ours rss200 < "$work/ours.time"
  grep -q '^200 session(s) synced, 0 skipped, 0 failed' "$work/ours.out" || { echo "bench.sh: sync did not send everything:" >&2; cat "$work/ours.out" >&2; exit 1; }
  n="$(curl -fsS "$url/__admin/state" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["messages"]))')"
  [ "$n" = 5000 ] || { echo "bench.sh: the server holds $n messages after sync, not 5000" >&2; exit 1; }
  # Theirs: the same records (our export), one request at a time, to the same server (reset; the latency stays).
  env -i "${env[@]}" artifacts/bin/opencode-sync sync --force --export "$work/export" >/dev/null 2>&1
  curl -fsS -X POST "$url/__admin/reset" >/dev/null
  theirs="$(python3 - "$url" "$key" "$work/export" <<'PY'
import glob, http.client, json, sys, time, urllib.parse
url, key, folder = sys.argv[1:4]
u = urllib.parse.urlparse(url)
conn = http.client.HTTPConnection(u.hostname, u.port)
def post(path, body):
    conn.request("POST", path, json.dumps(body), {"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    r = conn.getresponse()
    r.read()
    assert r.status == 200, (path, r.status)
t0 = time.monotonic()
for f in sorted(glob.glob(folder + "/*.json")):
    doc = json.load(open(f))
    post("/sync/session", doc["session"])
    for m in doc["messages"]:
        post("/sync/message", m)
print(f"{time.monotonic() - t0:.2f}")
PY
)"
  echo "opencode-sync sync:                  $ours s  ($(awk "BEGIN{printf \"%.0f\", 5000/$ours}") messages/s)"
  echo "sequential, one request per message: $theirs s  ($(awk "BEGIN{printf \"%.0f\", 5000/$theirs}") messages/s; persistent connection)"
  echo "speed-up:                            $(awk "BEGIN{printf \"%.1f\", $theirs/$ours}")x  (both with ${latency} ms latency per request)"
  gen_db "$work/2000.db" 2000
  rm -rf "$work/home/.local/state"
  /usr/bin/time -o "$work/2000.time" -f %M env -i "${env[@]}" OPENCODE_DB="$work/2000.db" artifacts/bin/opencode-sync sync >"$work/2000.out" 2>/dev/null
  grep -q '^2000 session(s) synced, 0 skipped, 0 failed' "$work/2000.out" || { echo "bench.sh: sync of 2,000 sessions did not send everything:" >&2; cat "$work/2000.out" >&2; exit 1; }
  rss2000="$(cat "$work/2000.time")"
  echo "peak RSS, sync:                      200 sessions $rss200 KiB, 2,000 sessions $rss2000 KiB"
}

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

# Pull: `opencode-sync pull` of PULL_SESSIONS (2,000) sessions x 25 messages into an empty home, from the standalone
# contract server with BENCH_LATENCY_MS (20) per request, alternating run by run with a sequential loop over the
# same server (list, then each session fetched and parsed, one at a time, nothing stored); then a second pull with
# nothing changed, and `search` on an archive of PULL_LOCAL_SESSIONS local sessions before and after pulling into it.
# The server is seeded through /sync/batch with its latency switched off, and switched back on before anything is timed.
pull_section() ( # a subshell: its exports and its EXIT trap end with it
  local bin="$root/artifacts/bin/opencode-sync" bench="$root/artifacts/bench/OpenCodeSync.Bench" work server_pid="" url
  local key=osk_BenchKey0123456789abcdefghijklmn latency="${BENCH_LATENCY_MS:-20}" sessions="${PULL_SESSIONS:-2000}"
  local runs="${PULL_RUNS:-2}" local_sessions="${PULL_LOCAL_SESSIONS:-2000}" messages henv=() rss_how
  messages=$(( sessions * 25 ))
  local began=$SECONDS
  work="$(mktemp -d /tmp/ocs-pull-bench.XXXXXX)"
  trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
  fail() { echo "bench.sh pull: $*" >&2; exit 1; }
  dotnet publish tests/OpenCodeSync.Bench -c Release -r "$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)" \
    -o artifacts/bench --nologo -v quiet >&2
  dotnet build -c Release tests/OpenSync.ContractServer >/dev/null
  dotnet artifacts/build/bin/OpenSync.ContractServer/release/OpenSync.ContractServer.dll --port 0 --port-file "$work/server.port" \
    --api-key "$key" --latency-ms "$latency" >"$work/server.log" 2>&1 & server_pid=$!
  for _ in $(seq 1 300); do [ -s "$work/server.port" ] && break; sleep 0.1; done
  [ -s "$work/server.port" ] || { cat "$work/server.log" >&2; fail "the contract server did not start"; }
  url="http://127.0.0.1:$(cat "$work/server.port")"
  admin() { curl -fsS -X POST -d "$2" "$url/__admin/$1" >/dev/null || fail "POST /__admin/$1 failed"; }
  # A home of its own per run: env -i with only these, so nothing of the real user's is read or written.
  set_home() {
    mkdir -p "$1"
    henv=(HOME="$1" XDG_CONFIG_HOME="$1/.config" XDG_STATE_HOME="$1/.local/state" XDG_DATA_HOME="$1/.local/share"
          PATH="$PATH" NO_COLOR=1 OPENCODE_SYNC_NO_WAKE=1 OPENCODE_SYNC_URL="$url" OPENCODE_SYNC_API_KEY="$key")
  }
  if [ -x /usr/bin/time ]; then
    rss_how="/usr/bin/time"
  else
    rss_how="VmHWM polled every 20 ms"
    echo "bench.sh pull: /usr/bin/time not found: peak RSS is read from /proc/PID/status (VmHWM) every 20 ms instead" >&2
  fi
  timed() { # NAME COMMAND... -> stdout and stderr in $work/NAME.{out,err}; sets t_ms (wall) and t_kib (peak RSS)
    local name="$1" t0 t1 pid kb; shift
    t0=$(date +%s%N)
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -o "$work/$name.rss" -f %M "$@" >"$work/$name.out" 2>"$work/$name.err" || { cat "$work/$name.err" >&2; fail "$name: '$*' failed"; }
      t_kib="$(tail -1 "$work/$name.rss")"
    else
      "$@" >"$work/$name.out" 2>"$work/$name.err" & pid=$!
      t_kib=0
      while [ "$(awk '/^State:/{print $2}' "/proc/$pid/status" 2>/dev/null)" != Z ] && kill -0 "$pid" 2>/dev/null; do
        kb="$(awk '/^VmHWM:/{print $2}' "/proc/$pid/status" 2>/dev/null)"
        [ -n "$kb" ] && [ "$kb" -gt "$t_kib" ] && t_kib="$kb"
        sleep 0.02
      done
      wait "$pid" || { cat "$work/$name.err" >&2; fail "$name: '$*' failed"; }
    fi
    t1=$(date +%s%N)
    t_ms=$(( (t1 - t0) / 1000000 ))
  }
  # `pull --json` must have imported every session (WANT), and the archive must hold them: a pull of nothing fails here.
  check_pull() { # NAME WANT_IMPORTED WANT_ARCHIVED_MESSAGES
    python3 - "$work/$1.out" "$2" "$sessions" <<'PY' || fail "$1: the pull did not import what it should have"
import json, sys
r = json.load(open(sys.argv[1])); want, listed = int(sys.argv[2]), int(sys.argv[3])
bad = r["imported"] != want or r["failed"] or r["skipped"] or r["listed"] != listed or not r["complete"] or r["interrupted"]
if bad: print({k: v for k, v in r.items() if k != "sessions"}, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
    local n m
    n="$(env -i "${henv[@]}" "$bin" sessions --origin pulled --json --limit 100000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
    m="$(env -i "${henv[@]}" "$bin" status --json | python3 -c 'import json,sys; a=json.load(sys.stdin)["archive"]; print(a["pulled"], a["messages"])')"
    [ "$n" = "$sessions" ] || fail "$1: the archive lists $n pulled sessions, not $sessions"
    [ "${m% *}" = "$sessions" ] || fail "$1: status counts ${m% *} pulled sessions, not $sessions"
    [ "${m#* }" = "$3" ] || fail "$1: the archive holds ${m#* } messages, not $3"
  }
  fetches() { # the session fetches and list requests the server has logged so far
    curl -fsS "$url/__admin/requests" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(sum(x["path"]=="/api/sessions/get" for x in r), sum(x["path"]=="/api/sessions" for x in r))'
  }
  median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

  # Seeded at full speed, then the latency goes back on; a /health round trip shows that it did.
  admin latency '{"ms":0}'
  "$bench" seed "$url" "$key" "$sessions" 25 || fail "seeding the contract server failed"
  admin latency "{\"ms\":$latency}"
  local rt
  rt="$(curl -fsS -o /dev/null -w '%{time_total}' "$url/health")"
  # (Timers may fire a little early: 90 % of the latency counts as on.)
  awk "BEGIN{exit !($rt*1000 >= 0.9*$latency)}" || fail "the server answers in ${rt} s: the ${latency} ms latency is not on"

  echo "## pull: $sessions sessions x 25 messages ($messages messages), contract server with ${latency} ms latency per request; $runs alternating runs per arm (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  local pull_ms=() dry_ms=() seq_ms=() peak=0 i out last="" secs n m
  for i in $(seq 1 "$runs"); do
    [ -n "$last" ] && rm -rf "$last"
    last="$work/pull$i"; set_home "$last"
    timed "pull$i" env -i "${henv[@]}" "$bin" pull --json
    check_pull "pull$i" "$sessions" "$messages"
    pull_ms+=("$t_ms"); [ "$t_kib" -gt "$peak" ] && peak="$t_kib"
    # The same fetches, 16 in flight, parsed and checked as for storing, but nothing stored: the network half of a pull.
    set_home "$work/dry$i"
    timed "dry$i" env -i "${henv[@]}" "$bin" pull --dry-run --json
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["imported"] == int(sys.argv[2]) and not r["failed"] else 1)' \
      "$work/dry$i.out" "$sessions" || fail "dry$i: pull --dry-run did not fetch every session"
    dry_ms+=("$t_ms"); rm -rf "$work/dry$i"; set_home "$last"
    out="$("$bench" sequential "$url" "$key")" || fail "the sequential loop failed"
    read -r secs n m _ <<<"$out"
    if [ "$n" != "$sessions" ] || [ "$m" != "$messages" ]; then fail "the sequential loop read $n sessions and $m messages: $out"; fi
    seq_ms+=("$(awk "BEGIN{printf \"%.0f\", $secs*1000}")")
  done
  local p d s
  p="$(median "${pull_ms[@]}")"; d="$(median "${dry_ms[@]}")"; s="$(median "${seq_ms[@]}")"
  echo "opencode-sync pull:            median $(awk "BEGIN{printf \"%.2f\", $p/1000}") s = $(awk "BEGIN{printf \"%.0f\", $sessions/($p/1000)}") sessions/s, $(awk "BEGIN{printf \"%.0f\", $messages/($p/1000)}") messages/s  (runs: ${pull_ms[*]} ms)"
  echo "pull peak RSS (max of runs):   $peak KiB  ($rss_how)"
  echo "sequential GET loop:           median $(awk "BEGIN{printf \"%.2f\", $s/1000}") s = $(awk "BEGIN{printf \"%.0f\", $sessions/($s/1000)}") sessions/s, $(awk "BEGIN{printf \"%.0f\", $messages/($s/1000)}") messages/s  (runs: ${seq_ms[*]} ms; one connection, JSON parsed, nothing stored)"
  echo "pull --dry-run (fetch + parse): median $(awk "BEGIN{printf \"%.2f\", $d/1000}") s = $(awk "BEGIN{printf \"%.0f\", $sessions/($d/1000)}") sessions/s  (runs: ${dry_ms[*]} ms; nothing stored)"
  echo "speed-up pull / sequential:    $(awk "BEGIN{printf \"%.1f\", $s/$p}")x  (pull --dry-run / sequential: $(awk "BEGIN{printf \"%.1f\", $s/$d}")x)"

  # Nothing changed since: the same home pulls again.
  local before after
  before="$(fetches)"
  timed pull-again env -i "${henv[@]}" "$bin" pull --json
  after="$(fetches)"
  python3 - "$work/pull-again.out" "$sessions" <<'PY' || fail "the second pull was not a no-op"
import json, sys
r = json.load(open(sys.argv[1]))
ok = r["imported"] == 0 and r["unchanged"] == int(sys.argv[2]) and not r["failed"]
if not ok: print({k: v for k, v in r.items() if k != "sessions"}, file=sys.stderr)
sys.exit(0 if ok else 1)
PY
  echo "second pull (nothing changed): $t_ms ms, $(( ${after% *} - ${before% *} )) session fetches, $(( ${after#* } - ${before#* } )) list requests (pull --json: $sessions unchanged, 0 imported)"
  rm -rf "$last"

  # Search on a local archive, and on the same archive with the backend's sessions pulled into it: a copy of the home
  # taken before the pull keeps the "before" side, so both are timed in one hyperfine run (the machine drifts).
  local a="$work/local" b="$work/local-before" json="$work/hyperfine.json" rare=zanzibar common=quokka
  set_home "$a"
  "$bench" archive "$a/.local/share/opencode-sync" "$local_sessions" 25
  cp -a "$a" "$b"
  timed pull-into env -i "${henv[@]}" "$bin" pull --json
  check_pull pull-into "$sessions" $(( messages + local_sessions * 25 ))
  echo "pull into that archive:        $(awk "BEGIN{printf \"%.2f\", $t_ms/1000}") s, peak RSS $t_kib KiB"
  in_home() { printf 'env HOME=%s XDG_CONFIG_HOME=%s/.config XDG_STATE_HOME=%s/.local/state XDG_DATA_HOME=%s/.local/share' "$1" "$1" "$1" "$1"; }
  hits() { # home word
    env -i "${henv[@]}" HOME="$1" XDG_CONFIG_HOME="$1/.config" XDG_STATE_HOME="$1/.local/state" XDG_DATA_HOME="$1/.local/share" \
      "$bin" search "$2" --limit 100000 --json | grep -c '"sessionId"'
  }
  env -i "${henv[@]}" hyperfine -N --warmup 5 --runs "${RUNS:-40}" --export-json "$json" \
    "$(in_home "$b") $bin search $rare" "$(in_home "$a") $bin search $rare" \
    "$(in_home "$b") $bin search $common" "$(in_home "$a") $bin search $common" \
    >/dev/null 2>"$work/hyperfine.err" || { cat "$work/hyperfine.err" >&2; fail "hyperfine failed"; }
  echo "search p50, $local_sessions local sessions vs the same + $sessions pulled (one hyperfine run, each through env):"
  echo "  $rare (rare):                $(median_ms "$json" 0) ms ($(hits "$b" "$rare") hits) -> $(median_ms "$json" 1) ms ($(hits "$a" "$rare") hits)"
  echo "  $common (~2 % of messages):    $(median_ms "$json" 2) ms ($(hits "$b" "$common") hits) -> $(median_ms "$json" 3) ms ($(hits "$a" "$common") hits)"
  echo "(pull section: $(( SECONDS - began )) s, builds included)"
)

need_hyperfine
has_input=0; hyperfine --help 2>/dev/null | grep -q -- '--input' && has_input=1
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
