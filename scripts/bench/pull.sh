# shellcheck shell=bash disable=SC2154 # root and has_input come from scripts/bench.sh
# scripts/bench.sh pull: sourced by scripts/bench.sh, which sets root, has_input and the helpers.


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
