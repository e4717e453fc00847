#!/usr/bin/env node
// The agent's history tools timed as OpenCode sees them: the plugin's own execute() (spawn, stdin, wait, read)
// beside the same spawn of an empty `--version`, alternating. Used by scripts/bench.sh archive.
//   node scripts/recall-latency.mjs BIN DIRECTORY SESSION_ID [RUNS]
import { recallTools, runRecall } from "../src/plugin/lib/recall.js";

const [bin, directory, sessionId, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 60);
const tools = await recallTools({ bin, directory, zod: null });
if (!tools) throw new Error("recall is off for this user");
const context = { sessionID: "ses_bench_asking", directory };
const calls = {
  "empty start (--version)": () => runRecall(bin, ["--version"]),
  "history_search rare word, this project": () => tools.history_search.execute({ query: "zanzibar" }, context),
  "history_search common word, all, 25": () => tools.history_search.execute({ query: "quokka", project: "all", limit: 25 }, context),
  "history_read around a match": () => tools.history_read.execute({ session: sessionId, query: "zanzibar" }, context),
};
const times = Object.fromEntries(Object.keys(calls).map((k) => [k, []]));
const sizes = {};
for (let i = 0; i < runs + 3; i++) {
  for (const [name, call] of Object.entries(calls)) {
    const t0 = performance.now();
    const out = await call();
    const ms = performance.now() - t0;
    if (i >= 3) times[name].push(ms); // the first rounds warm the page cache
    sizes[name] = typeof out === "string" ? out.length : out.stdout.length;
    if (typeof out === "string" && out.startsWith("opencode-sync recall failed")) throw new Error(out);
  }
}
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
for (const [name, xs] of Object.entries(times))
  console.log(`plugin execute, ${name}: p50 ${pct(xs, 0.5).toFixed(1)} ms, p95 ${pct(xs, 0.95).toFixed(1)} ms, ${sizes[name]} chars`);
