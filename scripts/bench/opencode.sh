# shellcheck shell=bash disable=SC2154 # root and has_input come from scripts/bench.sh
# scripts/bench.sh opencode: sourced by scripts/bench.sh, which sets root, has_input and the helpers.


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
