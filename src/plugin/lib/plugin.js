// The plugin itself, as a factory: index.js (the npm package) makes it with no options, the file that
// `opencode-sync setup` writes into OpenCode's plugin folder makes it with the path of the binary that wrote it.
import { findBinary, BIN_ENV } from "./binary.js";
import { isForwarded } from "./events.js";
import { Batcher } from "./batcher.js";
import { runHookDetached, runHookSync } from "./spawn.js";
import { createStats } from "./stats.js";
import { recallTools } from "./recall.js";

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

/** @param {{ binary?: string }} options  binary: the executable `opencode-sync setup` ran as (tried after $OPENCODE_SYNC_BIN). */
export function createPlugin({ binary } = {}) {
  return async ({ client, directory } = {}) => {
    const found = findBinary({ pinned: binary });
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

    let tool = null;
    try {
      tool = await recallTools({ bin, directory });
    } catch {
      // recall is extra: whatever went wrong, syncing goes on without the tools
    }

    return {
      ...(tool ? { tool } : {}),
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
}
