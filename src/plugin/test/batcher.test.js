import { test } from "node:test";
import assert from "node:assert/strict";
import { Batcher } from "../lib/batcher.js";
import { isForwarded, FORWARDED } from "../lib/events.js";
import { ev } from "./helpers.js";

function fakeTimers() {
  const pending = new Map();
  let next = 1;
  return {
    setTimer: (fn) => (pending.set(next, fn), next++),
    clearTimer: (id) => pending.delete(id),
    fire: () => [...pending.entries()].forEach(([id, fn]) => (pending.delete(id), fn())),
    count: () => pending.size,
  };
}

function batcher(delayMs = 250) {
  const sent = [], synced = [], t = fakeTimers();
  const b = new Batcher({ delayMs, send: (x) => sent.push(x), sendSync: (x) => synced.push(x), setTimer: t.setTimer, clearTimer: t.clearTimer });
  return { b, sent, synced, t };
}

test("only the event types the binary folds are forwarded", () => {
  for (const type of FORWARDED) assert.equal(isForwarded(ev(type)), true, type);
  for (const type of ["message.part.delta", "plugin.added", "catalog.updated", "session.diff", "file.edited", "session.compacted"]) {
    assert.equal(isForwarded(ev(type)), false, type);
  }
  for (const junk of [null, undefined, 42, "session.idle", {}]) assert.equal(isForwarded(junk), false);
});

test("a burst becomes one batch of JSON lines when the timer fires", () => {
  const { b, sent, t } = batcher();
  b.add(ev("session.created"));
  b.add(ev("message.updated"));
  b.add(ev("message.part.updated"));
  assert.equal(sent.length, 0);
  assert.equal(t.count(), 1, "one timer per burst, not per event");
  t.fire();
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].trimEnd().split("\n").map((l) => JSON.parse(l).type), ["session.created", "message.updated", "message.part.updated"]);
  assert.ok(sent[0].endsWith("\n"));
});

test("session.idle, session.error and session.deleted send at once", () => {
  for (const type of ["session.idle", "session.error", "session.deleted"]) {
    const { b, sent, t } = batcher();
    b.add(ev("message.updated"));
    b.add(ev(type));
    assert.equal(sent.length, 1, type);
    assert.equal(sent[0].trimEnd().split("\n").length, 2);
    assert.equal(t.count(), 0, "the burst's timer is cancelled");
  }
});

test("flushSync sends what is pending synchronously, and only once", () => {
  const { b, sent, synced, t } = batcher();
  b.add(ev("session.updated"));
  b.flushSync();
  b.flushSync();
  t.fire();
  assert.equal(synced.length, 1);
  assert.equal(sent.length, 0);
});

test("a zero delay sends every event on its own", () => {
  const { b, sent } = batcher(0);
  b.add(ev("message.updated"));
  b.add(ev("message.updated"));
  assert.equal(sent.length, 2);
});
