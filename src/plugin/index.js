// opencode-sync-plugin: hands OpenCode's session/message events to the `opencode-sync` binary.
// This module exports exactly one function, because OpenCode calls every export of a plugin module.
import { createPlugin } from "./lib/plugin.js";

export const OpenCodeSync = createPlugin();
