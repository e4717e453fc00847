import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createPlugin } from "../lib/plugin.js";
import { recallTools, recallArgs, RECALL_TOOLS, runRecall } from "../lib/recall.js";
import { tempDir } from "./helpers.js";

/**
 * A fake `opencode-sync` for `recall`: `--enabled` prints ENABLED; a call stores its argv, stdin and one env var,
 * then sleeps, prints ANSWER (and STDERR) and exits with EXIT. Anything else exits 64, as an unknown command does.
 */
function fakeRecall({ enabled = "on", answer = "hits", exit = 0, sleep = 0, stderr = "", enabledSleep = 0, background = false } = {}) {
  const dir = tempDir();
  const bin = path.join(dir, "opencode-sync");
  const q = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;
  fs.writeFileSync(
    bin,
    [
      "#!/bin/sh",
      '[ "$1" = recall ] || exit 64',
      `if [ "$2" = --enabled ]; then sleep ${enabledSleep}; printf '%s\\n' ${q(enabled)}; exit 0; fi`,
      `printf '%s\\n' "$@" > ${q(path.join(dir, "argv"))}`,
      `cat > ${q(path.join(dir, "stdin"))}`,
      `printf '%s' "$RECALL_TEST_MARK" > ${q(path.join(dir, "env"))}`,
      // A grandchild that keeps stdout open after the binary itself has exited.
      background ? "sleep 5 &" : "",
      `sleep ${sleep}`,
      `printf '%s' ${q(answer)}`,
      stderr ? `printf '%s\\n' ${q(stderr)} >&2` : "",
      `exit ${exit}`,
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  const read = (f) => fs.readFileSync(path.join(dir, f), "utf8");
  return { bin, argv: () => read("argv").split("\n").filter(Boolean), stdin: () => JSON.parse(read("stdin")), env: () => read("env") };
}

const json = { zod: null };

test("with recall on both tools are offered, each with a description and args", async () => {
  const fake = fakeRecall();
  const tools = await recallTools({ bin: fake.bin, ...json });
  assert.deepEqual(Object.keys(tools).sort(), ["history_read", "history_search"]);
  for (const t of Object.values(tools)) {
    assert.equal(typeof t.description, "string");
    assert.ok(t.description.length > 100);
    assert.equal(typeof t.execute, "function");
  }
  assert.deepEqual(Object.keys(tools.history_search.args), ["query", "project", "since", "limit"]);
  assert.deepEqual(Object.keys(tools.history_read.args), ["session", "query", "from", "max_chars"]);
  assert.match(tools.history_search.description, /«like this»/);
  assert.match(tools.history_read.description, /history_search/);
});

test("with recall off, from a binary without the command, or an answer other than 'on', no tool is offered", async () => {
  assert.equal(await recallTools({ bin: fakeRecall({ enabled: "off" }).bin, ...json }), null);
  assert.equal(await recallTools({ bin: fakeRecall({ enabled: "on, mostly" }).bin, ...json }), null);
  const old = path.join(tempDir(), "opencode-sync");
  fs.writeFileSync(old, "#!/bin/sh\necho \"Unknown command 'recall'\" >&2\nexit 64\n", { mode: 0o755 });
  assert.equal(await recallTools({ bin: old, ...json }), null);
  assert.equal(await recallTools({ bin: path.join(tempDir(), "missing"), ...json }), null);
});

test("a binary that hangs on --enabled costs OpenCode's start-up the short timeout, then no tools", async () => {
  const fake = fakeRecall({ enabledSleep: 10 });
  const t0 = Date.now();
  assert.equal(await recallTools({ bin: fake.bin, enabledTimeoutMs: 300, ...json }), null);
  assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
});

test("a call hands one JSON object on stdin and nothing but `recall` on the command line", async () => {
  const fake = fakeRecall({ answer: "[1] ses_deabe107  2026-01-31 10:00  proj  \"Title\"  (user)\n    the «word»\n" });
  process.env.RECALL_TEST_MARK = "inherited";
  try {
    const tools = await recallTools({ bin: fake.bin, directory: "/plugin/dir", ...json });
    const out = await tools.history_search.execute(
      { query: "word", project: "all", since: null, limit: 3 },
      { sessionID: "ses_current", directory: "/work/proj", abort: new AbortController().signal },
    );
    assert.equal(out, "[1] ses_deabe107  2026-01-31 10:00  proj  \"Title\"  (user)\n    the «word»");
    assert.deepEqual(fake.stdin(), {
      tool: "history_search",
      args: { query: "word", project: "all", limit: 3 },
      sessionID: "ses_current",
      directory: "/work/proj",
    });
    assert.deepEqual(fake.argv(), ["recall"]);
    assert.equal(fake.env(), "inherited", "the environment is inherited as the hook's is");
  } finally {
    delete process.env.RECALL_TEST_MARK;
  }
});

test("the directory falls back to the plugin's, and is left out when neither knows it", async () => {
  const fake = fakeRecall();
  const withDir = await recallTools({ bin: fake.bin, directory: "/plugin/dir", ...json });
  await withDir.history_read.execute({ session: "ses_deabe107" }, { sessionID: "ses_x" });
  assert.deepEqual(fake.stdin(), { tool: "history_read", args: { session: "ses_deabe107" }, sessionID: "ses_x", directory: "/plugin/dir" });

  const without = await recallTools({ bin: fake.bin, ...json });
  await without.history_read.execute({ session: "ses_deabe107", from: 4, query: null }, { sessionID: "ses_x" });
  assert.deepEqual(fake.stdin(), { tool: "history_read", args: { session: "ses_deabe107", from: 4 }, sessionID: "ses_x" });
});

test("every failure is one line of text for the agent", async () => {
  const cases = [
    [fakeRecall({ exit: 3, answer: "", stderr: "first\nthe archive is locked" }), /^opencode-sync recall failed: exit code 3: the archive is locked$/],
    [fakeRecall({ exit: 2, answer: "" }), /^opencode-sync recall failed: exit code 2$/],
    [fakeRecall({ answer: "  \n" }), /^opencode-sync recall failed: it printed nothing$/],
    [fakeRecall({ sleep: 10 }), /^opencode-sync recall failed: no answer within 0\.3 s$/],
  ];
  for (const [fake, expected] of cases) {
    const tools = await recallTools({ bin: fake.bin, callTimeoutMs: 300, ...json });
    const t0 = Date.now();
    const out = await tools.history_search.execute({ query: "x" }, { sessionID: "ses_1" });
    assert.match(out, expected);
    assert.ok(!out.includes("\n"));
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  }
});

test("a binary that vanished after start-up gives one line, not a throw", async () => {
  const fake = fakeRecall();
  const tools = await recallTools({ bin: fake.bin, ...json });
  fs.rmSync(fake.bin);
  const out = await tools.history_read.execute({ session: "ses_1" }, { sessionID: "ses_1" });
  assert.match(out, /^opencode-sync recall failed: could not start .*opencode-sync: /);
  assert.ok(!out.includes("\n"));
});

test("execute never throws, whatever OpenCode or the model hands it", async () => {
  const fake = fakeRecall();
  const tools = await recallTools({ bin: fake.bin, ...json });
  for (const args of [undefined, null, [], "query", 5, { query: { nested: true } }]) {
    for (const context of [undefined, null, {}, { sessionID: 5, directory: {} }]) {
      assert.equal(typeof (await tools.history_search.execute(args, context)), "string");
    }
  }
});

test("a cancelled call stops the binary and says so", async () => {
  const fake = fakeRecall({ sleep: 10 });
  const tools = await recallTools({ bin: fake.bin, ...json });
  const abort = new AbortController();
  const t0 = Date.now();
  const pending = tools.history_search.execute({ query: "x" }, { sessionID: "ses_1", abort: abort.signal });
  setTimeout(() => abort.abort(), 100);
  assert.equal(await pending, "opencode-sync recall failed: cancelled");
  assert.ok(Date.now() - t0 < 3000);
  const already = new AbortController();
  already.abort();
  assert.equal(await tools.history_search.execute({ query: "x" }, { abort: already.signal }), "opencode-sync recall failed: cancelled");
});

test("an answer is taken when the binary exits, even if a grandchild still holds its stdout", async () => {
  const fake = fakeRecall({ background: true, answer: "done" });
  const t0 = Date.now();
  const r = await runRecall(fake.bin, ["recall"], { input: "{}", timeoutMs: 4000 });
  assert.deepEqual(r, { stdout: "done" });
  assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
});

test("as JSON Schema every arg is listed, the optional ones nullable (OpenCode marks them all required)", () => {
  const search = recallArgs(RECALL_TOOLS.history_search.args, null);
  assert.equal(search.schema, "json");
  assert.equal(search.args.query.type, "string");
  assert.deepEqual(search.args.project.type, ["string", "null"]);
  assert.deepEqual(search.args.project.enum, ["this", "all", null]);
  assert.deepEqual(search.args.limit.type, ["integer", "null"]);
  const read = recallArgs(RECALL_TOOLS.history_read.args, null);
  assert.equal(read.args.session.type, "string");
  assert.deepEqual(read.args.from.type, ["integer", "null"]);
  for (const a of [...Object.values(search.args), ...Object.values(read.args)]) assert.ok(a.description.length > 20);
});

test("with OpenCode's Zod the required args stay required and the rest optional, all described", () => {
  // A stand-in for Zod's builder that records what the plugin asked for.
  const node = (kind, extra = {}) => ({
    kind,
    ...extra,
    optional: () => node(kind, { ...extra, optional: true }),
    describe: (d) => ({ kind, ...extra, description: d }),
  });
  const z = { string: () => node("string"), number: () => node("number"), enum: (v) => node("enum", { values: v }), object: () => ({}) };
  const search = recallArgs(RECALL_TOOLS.history_search.args, z);
  assert.equal(search.schema, "zod");
  assert.equal(search.args.query.kind, "string");
  assert.equal(search.args.query.optional, undefined);
  assert.deepEqual(search.args.project.values, ["this", "all"]);
  assert.equal(search.args.project.optional, true);
  assert.deepEqual([search.args.limit.kind, search.args.limit.optional], ["number", true]);
  for (const a of Object.values(search.args)) assert.ok(a.description.length > 20);

  const broken = { ...z, string: () => { throw new Error("other zod"); } };
  assert.equal(recallArgs(RECALL_TOOLS.history_read.args, broken).schema, "json");
});

test("the plugin offers the tools only when the binary says on, and keeps syncing either way", async () => {
  for (const [enabled, offered] of [["on", true], ["off", false]]) {
    const fake = fakeRecall({ enabled, answer: `answer while ${enabled}` });
    const saved = process.env.OPENCODE_SYNC_BIN;
    process.env.OPENCODE_SYNC_BIN = fake.bin;
    try {
      const hooks = await createPlugin()({ directory: "/from/plugin/input" });
      assert.equal(typeof hooks.event, "function");
      assert.equal("tool" in hooks, offered);
      if (offered) {
        assert.equal(await hooks.tool.history_search.execute({ query: "x" }, { sessionID: "ses_1" }), "answer while on");
        assert.equal(fake.stdin().directory, "/from/plugin/input");
      }
      await hooks.dispose();
    } finally {
      saved === undefined ? delete process.env.OPENCODE_SYNC_BIN : (process.env.OPENCODE_SYNC_BIN = saved);
    }
  }
});
