// Recall: two tools for OpenCode's agent over the user's past sessions (the binary's local archive, this
// machine's and those pulled from other machines). The plugin only describes them; every call is answered by
// one `opencode-sync recall` process, which reads its own config, redacts and caps what it prints.
import { spawn } from "node:child_process";

// Asked once per OpenCode start, before the tools are offered: a binary that hangs must not hold up start-up.
const ENABLED_TIMEOUT_MS = 2000;
// A search over a large archive on a busy machine; past this the agent gets a line and moves on.
const CALL_TIMEOUT_MS = 30000;
// The binary caps its answer at ~6,000 characters; anything far beyond that is not an answer.
const MAX_OUTPUT_BYTES = 256 * 1024;
// A child that exited but left its stdout open (a grandchild holding it) must not stall the tool.
const DRAIN_MS = 1000;

const SEARCH = "history_search";
const READ = "history_read";

// One spec per tool, turned into Zod (OpenCode's own) or into JSON Schema (see argsFor).
const TOOLS = {
  [SEARCH]: {
    description:
      "Search the user's past OpenCode sessions: the ones on this machine and those opencode-sync pulled from " +
      "their other machines. Use it when the user refers to earlier work (\"what did we decide about X\", " +
      "\"like last time\", \"the error we had yesterday\") or when an earlier conversation would help. " +
      "Returns the best hits first, one block each: the session id (ses_…, as history_read takes it), date, " +
      "project, title, who said it (user or assistant) and a snippet with the matching words marked «like this». " +
      "The current session is not searched. Read a hit with history_read.",
    args: {
      query: {
        type: "string",
        required: true,
        description:
          "Words to look for: a hit holds every word (when no message does, messages with some of them). " +
          "Put \"an exact phrase\" in double quotes. A few distinctive keywords work better than a sentence.",
      },
      project: {
        type: "string",
        enum: ["this", "all"],
        description: "\"this\": sessions of the current project only; \"all\": every project.",
        absent: "\"this\"",
      },
      since: {
        type: "string",
        description: "Only sessions from then on: 7d, 2w, today, yesterday or a date like 2026-01-31.",
        absent: "any time",
      },
      limit: {
        type: "integer",
        description: "How many hits to return, 1 to 25.",
        absent: "8",
      },
    },
  },
  [READ]: {
    description:
      "Read one past session that history_search found: its messages in order (who said what, which tools ran " +
      "and their trimmed results), about 6,000 characters at a time, ending with the message number to continue " +
      "from. With query it starts just before the first message that mentions it.",
    args: {
      session: {
        type: "string",
        required: true,
        description: "The session id exactly as history_search printed it (e.g. ses_deabe107), or its full id.",
      },
      query: {
        type: "string",
        description: "Words to jump to: the excerpt starts just before the first message containing them.",
        absent: "start at from, or at the first message",
      },
      from: {
        type: "integer",
        description: "Message number to start at (1 = the first); a previous read's last line says where to continue.",
        absent: "start just before query's first match, or at the first message",
      },
      max_chars: {
        type: "integer",
        description: "At most this many characters, 500 to 20000.",
        absent: "about 6000",
      },
    },
  },
};

// Numbers stay plain z.number(): .int() adds ±2^53 bounds to the schema the model reads, and OpenCode rejects a call
// that fails Zod, while the binary rounds and clamps whatever it gets.
function zodArgs(spec, z) {
  return Object.fromEntries(
    Object.entries(spec).map(([name, a]) => {
      let s = a.enum ? z.enum(a.enum) : a.type === "integer" ? z.number() : z.string();
      if (!a.required) s = s.optional();
      return [name, s.describe(a.absent ? `${a.description} Absent: ${a.absent}.` : a.description)];
    }),
  );
}

// OpenCode 1.18 (read in 1.18.33) accepts plain JSON Schema args but lists every one as required: an optional arg is
// therefore nullable, the idiom models know from strict function calling, and a null is dropped before the call.
function jsonArgs(spec) {
  return Object.fromEntries(
    Object.entries(spec).map(([name, a]) => {
      const schema = { type: a.required ? a.type : [a.type, "null"] };
      if (a.enum) schema.enum = a.required ? a.enum : [...a.enum, null];
      schema.description = a.required ? a.description : `${a.description} null: ${a.absent ?? "not given"}.`;
      return [name, schema];
    }),
  );
}

const looksLikeZod = (z) => z != null && ["string", "number", "enum", "object"].every((f) => typeof z[f] === "function");

/**
 * OpenCode's own Zod, from the `@opencode-ai/plugin` it installs into its config folder (and waits for before it
 * loads plugins), or null. Zod args are what every OpenCode with plugin tools accepts; plain objects crash 1.14 and
 * older at the first prompt (reported on 1.1.56 to 1.14.29). Imported lazily: a static import that fails would
 * silently drop the whole plugin.
 */
export async function openCodeZod() {
  try {
    const mod = await import("@opencode-ai/plugin");
    const z = mod?.tool?.schema;
    return looksLikeZod(z) ? z : null;
  } catch {
    return null;
  }
}

function argsFor(spec, z) {
  if (z) {
    try {
      return { args: zodArgs(spec, z), schema: "zod" };
    } catch {
      // a Zod we do not understand: JSON Schema still describes the tool
    }
  }
  return { args: jsonArgs(spec), schema: "json" };
}

const oneLine = (s, max = 300) => {
  const t = String(s).replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/**
 * Runs the binary with `input` on stdin and collects stdout. Resolves { stdout } after exit 0, else { error } (one
 * line); never rejects. Awaited by OpenCode, so it is asynchronous: a search never blocks OpenCode's event loop.
 */
export function runRecall(bin, args, { input = "", timeoutMs = CALL_TIMEOUT_MS, signal } = {}) {
  return new Promise((resolve) => {
    let child;
    let settled = false;
    let timer;
    let drain;
    const out = [];
    let outBytes = 0;
    let errTail = "";
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drain);
      signal?.removeEventListener?.("abort", onAbort);
      // Pipes a killed child's own children still hold would keep the host's event loop alive.
      for (const stream of [child?.stdin, child?.stdout, child?.stderr]) stream?.destroy?.();
      resolve(result);
    };
    const kill = () => {
      try {
        child?.kill("SIGKILL");
      } catch {
        // already gone
      }
    };
    const onAbort = () => {
      kill();
      finish({ error: "cancelled" });
    };
    if (signal?.aborted) return finish({ error: "cancelled" });
    try {
      // The environment is inherited as the hook's is: nothing secret on the command line or in the environment.
      child = spawn(bin, args, { stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
    } catch (e) {
      return finish({ error: `could not start ${bin}: ${oneLine(e?.message ?? e)}` });
    }
    let exit = null;
    const settle = () => {
      const [code, sig] = exit;
      const stdout = Buffer.concat(out).toString("utf8");
      if (code === 0) return finish({ stdout });
      const why = sig ? `killed by ${sig}` : `exit code ${code}`;
      const said = errTail.split("\n").map((l) => l.trim()).filter(Boolean).at(-1);
      finish({ error: said ? `${why}: ${oneLine(said, 200)}` : why });
    };
    timer = setTimeout(() => {
      kill();
      finish({ error: `no answer within ${Math.round(timeoutMs / 100) / 10} s` });
    }, timeoutMs);
    signal?.addEventListener?.("abort", onAbort, { once: true });
    child.on("error", (e) => finish({ error: `could not start ${bin}: ${oneLine(e?.message ?? e)}` }));
    child.stdout.on("data", (b) => {
      if (outBytes >= MAX_OUTPUT_BYTES) return;
      out.push(b);
      outBytes += b.length;
    });
    child.stderr.on("data", (b) => {
      errTail = (errTail + b.toString("utf8")).slice(-2000);
    });
    child.on("exit", (code, sig) => {
      exit = [code, sig];
      drain = setTimeout(settle, DRAIN_MS);
    });
    child.on("close", (code, sig) => {
      exit ??= [code, sig];
      settle();
    });
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

/** Whether this machine's config has recall on: only an exact `on` counts (an older binary has no such command). */
export async function recallEnabled(bin, { timeoutMs = ENABLED_TIMEOUT_MS } = {}) {
  const r = await runRecall(bin, ["recall", "--enabled"], { timeoutMs });
  return r.stdout?.trim() === "on";
}

// A model may send null for an arg it leaves out (the JSON Schema form asks for every arg): absent means default.
function givenArgs(args) {
  if (args == null || typeof args !== "object" || Array.isArray(args)) return {};
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null && v !== undefined));
}

/** The request line `opencode-sync recall` reads: the tool, its args, and where the call comes from. */
export function recallRequest(tool, args, context, directory) {
  const request = { tool, args: givenArgs(args), sessionID: context?.sessionID };
  const dir = context?.directory || directory;
  if (dir) request.directory = dir;
  return JSON.stringify(request);
}

export const failureLine = (why) => `opencode-sync recall failed: ${why}`;

/**
 * The `tool` hook's value: { history_search, history_read } when the binary says recall is on, else null.
 * @param {{ bin: string, directory?: string, zod?: object | null, callTimeoutMs?: number, enabledTimeoutMs?: number }} o
 *   directory: the plugin's (OpenCode's instance directory), used when a call's context has none.
 *   zod: undefined = OpenCode's own if it can be imported; null = JSON Schema.
 */
export async function recallTools({ bin, directory, zod, callTimeoutMs = CALL_TIMEOUT_MS, enabledTimeoutMs = ENABLED_TIMEOUT_MS }) {
  if (!(await recallEnabled(bin, { timeoutMs: enabledTimeoutMs }))) return null;
  const z = zod === undefined ? await openCodeZod() : zod;
  const tools = {};
  for (const [name, spec] of Object.entries(TOOLS)) {
    tools[name] = {
      description: spec.description,
      args: argsFor(spec.args, z).args,
      async execute(args, context) {
        try {
          const r = await runRecall(bin, ["recall"], {
            input: recallRequest(name, args, context, directory),
            timeoutMs: callTimeoutMs,
            signal: context?.abort,
          });
          if (r.error) return failureLine(r.error);
          const text = r.stdout.trimEnd();
          return text ? text : failureLine("it printed nothing");
        } catch (e) {
          // OpenCode turns a throw into a failed tool call with a stack; the agent only needs the line.
          return failureLine(oneLine(e?.message ?? e));
        }
      },
    };
  }
  return tools;
}

export { TOOLS as RECALL_TOOLS, argsFor as recallArgs };
