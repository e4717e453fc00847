// Shared test helpers: temp dirs, a fake `opencode-sync` that records what `hook` receives, polling.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "ocs-plugin-test-"));
}

/** A fake binary: `hook` appends stdin to OUT and one line per process to OUT.procs. */
export function fakeBinary(dir, name = "opencode-sync") {
  const bin = path.join(dir, name);
  const out = path.join(dir, "hook.out");
  fs.writeFileSync(bin, `#!/bin/sh\n[ "$1" = hook ] || exit 64\ncat >> '${out}'\necho x >> '${out}.procs'\n`, { mode: 0o755 });
  return { bin, out, procs: `${out}.procs` };
}

export function lines(file) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

/** Polls until check() is truthy or the deadline passes; returns the last value. */
export async function until(check, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const ev = (type, extra = {}) => ({ id: `evt_${type}`, type, properties: { sessionID: "ses_1", ...extra } });
