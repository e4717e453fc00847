// Plays `opencode run`: a burst sent on idle (detached), one more event after it, then an abrupt exit.
import { OpenCodeSync } from "../index.js";
import { ev } from "./helpers.js";

const hooks = await OpenCodeSync({});
hooks.event({ event: ev("message.updated") });
hooks.event({ event: ev("session.updated") });
hooks.event({ event: ev("session.idle") });
hooks.event({ event: ev("session.updated", { title: "late title" }) });
process.exit(0);
