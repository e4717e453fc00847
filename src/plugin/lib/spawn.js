// Starting `opencode-sync hook` with a batch of JSON lines on stdin. The child appends them to its journal,
// starts delivery in the background if needed, and exits 0 whatever happens.
//
// Detached, with stdin handed over whole at spawn time: OpenCode does not await plugin hooks and drops
// pending promises when `opencode run` exits, but a child that already owns its input survives that exit.
// The environment is inherited unchanged (no secrets are passed: the binary reads its own config).
import { spawn, spawnSync } from "node:child_process";

const bun = globalThis.Bun;
const SYNC_TIMEOUT_MS = 5000;

/** Fire and forget. Returns false when the process could not even be started. */
export function runHookDetached(bin, text) {
  try {
    if (bun) {
      // Bun copies the Blob into the child's stdin itself; nothing is left for our event loop to finish.
      const child = bun.spawn([bin, "hook"], { stdin: new Blob([text]), stdout: "ignore", stderr: "ignore" });
      child.unref();
      return true;
    }
    const child = spawn(bin, ["hook"], { detached: true, stdio: ["pipe", "ignore", "ignore"], windowsHide: true });
    child.on("error", () => {});
    child.stdin.on("error", () => {});
    child.stdin.end(text);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** Blocks until the hook has taken the batch: only for the last batch, when OpenCode is shutting down. */
export function runHookSync(bin, text) {
  try {
    if (bun) {
      const r = bun.spawnSync([bin, "hook"], { stdin: Buffer.from(text), stdout: "ignore", stderr: "ignore", timeout: SYNC_TIMEOUT_MS });
      return r.exitCode === 0;
    }
    const r = spawnSync(bin, ["hook"], { input: text, stdio: ["pipe", "ignore", "ignore"], timeout: SYNC_TIMEOUT_MS, windowsHide: true });
    return r.status === 0;
  } catch {
    return false;
  }
}
