# shellcheck shell=bash disable=SC2154 # root and has_input come from scripts/bench.sh
# scripts/bench.sh sync: sourced by scripts/bench.sh, which sets root, has_input and the helpers.


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
