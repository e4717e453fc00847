// opencode-sync-plugin: hands OpenCode's session/message events to the `opencode-sync` binary.
// This module exports exactly one function, because OpenCode calls every export of a plugin module.
import { findBinary, BIN_ENV } from "./lib/binary.js";
import { isForwarded } from "./lib/events.js";
import { Batcher } from "./lib/batcher.js";
import { runHookDetached, runHookSync } from "./lib/spawn.js";
import { createStats } from "./lib/stats.js";

// How long a burst may collect events before one `hook` process takes it (see README: measured).
const DEFAULT_FLUSH_MS = 250;
const FLUSH_ENV = "OPENCODE_SYNC_FLUSH_MS";

function flushDelay(env) {
  const raw = env[FLUSH_ENV];
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isFinite(n) && n >= 0 ? n : DEFAULT_FLUSH_MS;
}

function warn(client, message) {
  try {
    // The SDK call is async and may reject (server gone): never let that reach OpenCode.
    Promise.resolve(client?.app?.log?.({ body: { service: "opencode-sync", level: "warn", message } })).catch(() => {});
  } catch {
    // logging is best effort
  }
}

const now = () => performance.now();

export const OpenCodeSync = async ({ client } = {}) => {
  const found = findBinary();
  if (!found.path) {
    // Once per OpenCode start, then quiet: a missing binary must not flood the log or break OpenCode.
    warn(client, `opencode-sync binary not found (tried ${found.tried.join(", ")}); sessions are not synced. ` +
      `Install opencode-sync or set ${BIN_ENV}, then run 'opencode-sync verify'.`);
    return {};
  }
  const bin = found.path;
  const stats = createStats();
  const timed = (sync, run) => (text) => {
    const t0 = now();
    run(bin, text);
    stats?.timeSpawn(sync, now() - t0);
  };
  const batcher = new Batcher({
    delayMs: flushDelay(process.env),
    send: timed(false, runHookDetached),
    sendSync: timed(true, runHookSync),
  });
  // `opencode run` calls dispose and then exits; other front ends may exit without dispose. Both flush;
  // whichever comes second finds nothing left.
  process.once("exit", () => {
    batcher.flushSync();
    stats?.write();
  });

  return {
    event: async ({ event } = {}) => {
      const t0 = stats ? now() : 0;
      let forwarded = false;
      try {
        forwarded = isForwarded(event);
        if (forwarded) batcher.add(event);
      } catch {
        // an event we cannot serialize is one we cannot sync; OpenCode must not notice
      }
      stats?.timeEvent(forwarded, now() - t0);
    },
    dispose: async () => {
      try {
        batcher.flushSync();
      } catch {
        // never block or break OpenCode's shutdown
      }
    },
  };
};
