// Opt-in measurements for scripts/bench.sh: with OPENCODE_SYNC_PLUGIN_STATS=FILE the plugin appends one JSON
// line per OpenCode process at exit (events seen, batches, processes started, time spent blocking OpenCode).
import fs from "node:fs";

export const STATS_ENV = "OPENCODE_SYNC_PLUGIN_STATS";

export function createStats(env = process.env) {
  const file = env[STATS_ENV];
  if (!file) return null;
  const s = { events: 0, forwarded: 0, spawned: 0, spawnedSync: 0, eventMs: 0, maxEventMs: 0, spawnMs: 0, syncMs: 0 };
  return {
    data: s,
    timeEvent(forwarded, ms) {
      s.events += 1;
      if (forwarded) s.forwarded += 1;
      s.eventMs += ms;
      if (ms > s.maxEventMs) s.maxEventMs = ms;
    },
    timeSpawn(sync, ms) {
      if (sync) (s.spawnedSync += 1), (s.syncMs += ms);
      else (s.spawned += 1), (s.spawnMs += ms);
    },
    write() {
      try {
        fs.appendFileSync(file, JSON.stringify(s) + "\n");
      } catch {
        // measurements are best effort
      }
    },
  };
}
