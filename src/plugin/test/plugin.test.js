import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as plugin from "../index.js";
import { createPlugin } from "../lib/plugin.js";
import { tempDir, fakeBinary, lines, until, ev } from "./helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));

function withEnv(vars, fn) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  }
}

test("the module exports exactly one function, because OpenCode calls every export", () => {
  const exports = Object.entries(plugin);
  assert.equal(exports.length, 1);
  assert.equal(typeof exports[0][1], "function");
});

test("without a binary it logs one warning through the SDK and stays quiet", async () => {
  const calls = [];
  const client = { app: { log: async (arg) => calls.push(arg) } };
  const hooks = await withEnv({ OPENCODE_SYNC_BIN: "", PATH: "/nonexistent" }, () => plugin.OpenCodeSync({ client }));
  assert.equal(calls.length, 1);
  assert.equal(calls[0].body.service, "opencode-sync");
  assert.equal(calls[0].body.level, "warn");
  assert.match(calls[0].body.message, /not found/);
  assert.deepEqual(hooks, {});
});

test("a rejecting or missing logger never reaches OpenCode", async () => {
  const client = { app: { log: async () => { throw new Error("server gone"); } } };
  await withEnv({ OPENCODE_SYNC_BIN: "", PATH: "/nonexistent" }, () => plugin.OpenCodeSync({ client }));
  await withEnv({ OPENCODE_SYNC_BIN: "", PATH: "/nonexistent" }, () => plugin.OpenCodeSync({}));
});

test("forwarded events reach `hook` as JSON lines in one process per burst; others never do", async () => {
  const fake = fakeBinary(tempDir());
  const hooks = await withEnv({ OPENCODE_SYNC_BIN: fake.bin, OPENCODE_SYNC_FLUSH_MS: "10000" }, () => plugin.OpenCodeSync({}));
  await hooks.event({ event: ev("session.created") });
  await hooks.event({ event: ev("message.part.delta", { delta: "x" }) });
  await hooks.event({ event: ev("message.updated") });
  await hooks.event({ event: ev("plugin.added") });
  await hooks.event({ event: ev("session.idle") });
  // The fake records the process after the batch: wait for both.
  const got = await until(() => lines(fake.out).length >= 3 && lines(fake.procs).length >= 1 && lines(fake.out));
  assert.deepEqual(got.map((l) => JSON.parse(l).type), ["session.created", "message.updated", "session.idle"]);
  assert.equal(lines(fake.procs).length, 1);
});

test("the event hook never throws, whatever it is given", async () => {
  const fake = fakeBinary(tempDir());
  const hooks = await withEnv({ OPENCODE_SYNC_BIN: fake.bin }, () => plugin.OpenCodeSync({}));
  const circular = ev("message.updated");
  circular.properties.self = circular;
  for (const arg of [undefined, {}, { event: null }, { event: 5 }, { event: circular }]) await hooks.event(arg);
  await hooks.dispose();
});

test("dispose sends the pending burst before returning", async () => {
  const fake = fakeBinary(tempDir());
  const hooks = await withEnv({ OPENCODE_SYNC_BIN: fake.bin, OPENCODE_SYNC_FLUSH_MS: "10000" }, () => plugin.OpenCodeSync({}));
  await hooks.event({ event: ev("session.updated") });
  await hooks.dispose();
  assert.equal(lines(fake.out).length, 1, "synchronous: no polling needed");
});

test("nothing is lost when the host exits right after the last events", async () => {
  // A separate process plays OpenCode: events, then process.exit() without awaiting anything.
  const fake = fakeBinary(tempDir());
  const r = spawnSync(process.execPath, [path.join(here, "exit-host.js")], {
    env: { ...process.env, OPENCODE_SYNC_BIN: fake.bin, OPENCODE_SYNC_FLUSH_MS: "10000" },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const got = await until(() => lines(fake.out).length >= 4 && lines(fake.out));
  assert.deepEqual(got.map((l) => JSON.parse(l).type).sort(), ["message.updated", "session.idle", "session.updated", "session.updated"]);
});

test("a plugin made with the binary setup pinned runs that binary, with nothing on PATH or in the environment", async () => {
  const fake = fakeBinary(tempDir());
  const hooks = await withEnv({ OPENCODE_SYNC_BIN: "", PATH: "/nonexistent", OPENCODE_SYNC_FLUSH_MS: "0" }, () => createPlugin({ binary: fake.bin })({}));
  await hooks.event({ event: ev("session.created") });
  const got = await until(() => lines(fake.procs).length >= 1 && lines(fake.out));
  assert.deepEqual(got.map((l) => JSON.parse(l).type), ["session.created"]);
});
