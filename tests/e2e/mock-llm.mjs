#!/usr/bin/env node
// A scripted OpenAI-compatible chat-completions server for driving the real OpenCode offline.
// The end-to-end tests and scripts/bench.sh start it; replies are fixed so records can be asserted exactly.
//
//   node tests/e2e/mock-llm.mjs --port-file FILE [--delay-ms 5]
//
// Which reply is served (the last user message decides; a trailing tool result gets the follow-up):
//   title request (system prompt mentions "title generator") -> TITLE
//   "#write" in the prompt -> a `write` tool call creating hello.txt in the working directory
//   "#bash"  in the prompt -> a `bash` tool call
//   "#secret" in the prompt -> a `bash` tool call printing the project's .env
//   "#recall WORD"          -> `history_search` {"query": WORD}; after its result `history_read` {"session": the
//                              first ses_ id in that result} (skipped when there is none); then RECALLED
//   otherwise              -> `Answer: <prompt>` (so each turn's reply is distinct and checkable)
// Usage on every reply: prompt 100, completion 20 (+1 per user turn), so token totals are predictable.
// GET /__requests -> every chat request body received so far, in order, as a JSON array (tests read the
// `tools` OpenCode offered and the tool results it sent back).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const portFile = arg("--port-file");
const delayMs = Number(arg("--delay-ms", "5"));

const TITLE = "E2E session title";
const RECALLED = "I looked through your earlier sessions.";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const textOf = (c) => (typeof c === "string" ? c : Array.isArray(c) ? c.map((p) => p?.text ?? "").join("") : "");

function plan(body) {
  const msgs = body.messages ?? [];
  const system = msgs.filter((m) => m.role === "system").map((m) => textOf(m.content)).join("\n");
  if (/title generator/i.test(system)) return { kind: "title", text: TITLE };
  const users = msgs.filter((m) => m.role === "user");
  const prompt = textOf(users.at(-1)?.content).trim();
  const last = msgs.at(-1) ?? {};
  const recall = /#recall\s+([\w.-]+)/.exec(prompt);
  if (recall) return recallStep(msgs, recall[1]);
  if (last.role === "tool") return { kind: "tool-final", text: "Done: the tool ran." };
  if (prompt.includes("#write")) {
    // OpenCode puts the project directory in its system prompt; write tools need an absolute path.
    const wd = /Working directory: (\S+)/.exec(system)?.[1] ?? ".";
    const args = { filePath: path.join(wd, "hello.txt"), content: "hello from the mock\n" };
    return { kind: "write", text: "Writing the file.", tool: { name: "write", args } };
  }
  if (prompt.includes("#secret")) {
    // A tool that prints a .env file: the secrets land in the tool's real output.
    return { kind: "bash", text: "Reading the env file.", tool: { name: "bash", args: { command: "cat .env", description: "Show env" } } };
  }
  if (prompt.includes("#bash")) {
    return { kind: "bash", text: "", tool: { name: "bash", args: { command: "echo hi", description: "Say hi" } } };
  }
  return { kind: "plain", text: `Answer: ${prompt}` };
}

// One step per model call, decided by the tool results the turn has had so far (OpenCode resends them all).
function recallStep(msgs, word) {
  const turn = msgs.slice(msgs.findLastIndex((m) => m.role === "user") + 1);
  const results = turn.filter((m) => m.role === "tool").map((m) => textOf(m.content));
  const call = (name, args) => ({ kind: name, text: "", tool: { id: `call_${results.length + 1}`, name, args } });
  if (results.length === 0) return call("history_search", { query: word });
  const session = /ses_[A-Za-z0-9]+/.exec(results[0])?.[0];
  if (results.length === 1 && session) return call("history_read", { session });
  return { kind: "recall-final", text: RECALLED };
}

function chunk(id, model, delta, finish = null) {
  return { id, object: "chat.completion.chunk", created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] };
}

let served = 0;
const requests = [];
const server = http.createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/__requests") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify(requests));
  }
  if (req.method === "GET" && req.url.endsWith("/models")) {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ object: "list", data: [{ id: "mock-model", object: "model", owned_by: "mock" }] }));
  }
  if (req.method !== "POST" || !req.url.endsWith("/chat/completions")) {
    res.writeHead(404);
    return res.end();
  }
  let raw = "";
  for await (const c of req) raw += c;
  const body = JSON.parse(raw || "{}");
  requests.push(body);
  const p = plan(body);
  const id = `chatcmpl-${++served}`;
  const turns = (body.messages ?? []).filter((m) => m.role === "user").length;
  const usage = { prompt_tokens: 100, completion_tokens: 20 + turns, total_tokens: 120 + turns };
  const finish = p.tool ? "tool_calls" : "stop";
  if (!body.stream) {
    const message = { role: "assistant", content: p.text || null };
    if (p.tool) message.tool_calls = [{ id: p.tool.id ?? "call_1", type: "function", function: { name: p.tool.name, arguments: JSON.stringify(p.tool.args) } }];
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ id, object: "chat.completion", created: 0, model: body.model, choices: [{ index: 0, message, finish_reason: finish }], usage }));
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "close" });
  const send = (obj) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  send(chunk(id, body.model, { role: "assistant", content: "" }));
  for (let i = 0; i < p.text.length; i += 8) {
    send(chunk(id, body.model, { content: p.text.slice(i, i + 8) }));
    if (delayMs) await sleep(delayMs);
  }
  if (p.tool) {
    const a = JSON.stringify(p.tool.args);
    send(chunk(id, body.model, { tool_calls: [{ index: 0, id: p.tool.id ?? "call_1", type: "function", function: { name: p.tool.name, arguments: "" } }] }));
    send(chunk(id, body.model, { tool_calls: [{ index: 0, function: { arguments: a } }] }));
  }
  send(chunk(id, body.model, {}, finish));
  send({ id, object: "chat.completion.chunk", created: 0, model: body.model, choices: [], usage });
  res.end("data: [DONE]\n\n");
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  if (portFile) fs.writeFileSync(portFile + ".tmp", String(port)), fs.renameSync(portFile + ".tmp", portFile);
  else console.log(port);
});
// The test (or bench.sh) stops us by PID.
process.on("SIGTERM", () => process.exit(0));
