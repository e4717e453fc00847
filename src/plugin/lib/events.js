// The only event types the binary folds into records. Everything else (message.part.delta streams dozens a
// second, plugin/catalog chatter at start-up) is dropped here so it never costs a process or a byte.
export const FORWARDED = new Set([
  "session.created",
  "session.updated",
  "session.deleted",
  "session.idle",
  "session.status",
  "session.error",
  "message.updated",
  "message.removed",
  "message.part.updated",
  "message.part.removed",
]);

// After these the user is likely to stop looking (or `opencode run` to exit): send the batch at once.
export const FLUSH_NOW = new Set(["session.idle", "session.error", "session.deleted"]);

export function isForwarded(event) {
  return event != null && typeof event === "object" && FORWARDED.has(event.type);
}
