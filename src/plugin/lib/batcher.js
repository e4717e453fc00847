// Coalesces forwarded events into one `hook` process per burst instead of one per event.
// A burst is sent when the first event of it is `delayMs` old, at once after session.idle/error/deleted,
// and synchronously from dispose/process exit so the last events of `opencode run` are never lost.
import { FLUSH_NOW } from "./events.js";

export class Batcher {
  /**
   * @param {{ delayMs: number, send: (text: string) => void, sendSync: (text: string) => void,
   *           setTimer?: typeof setTimeout, clearTimer?: typeof clearTimeout }} options
   */
  constructor({ delayMs, send, sendSync, setTimer = setTimeout, clearTimer = clearTimeout }) {
    this.delayMs = delayMs;
    this.send = send;
    this.sendSync = sendSync;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    this.lines = [];
    this.timer = null;
  }

  add(event) {
    this.lines.push(JSON.stringify(event));
    if (FLUSH_NOW.has(event.type) || this.delayMs <= 0) {
      this.flush();
    } else if (this.timer === null) {
      this.timer = this.setTimer(() => this.flush(), this.delayMs);
      // Never keep OpenCode alive just for us: exit/dispose flush what is left.
      this.timer?.unref?.();
    }
  }

  flush() {
    const text = this.take();
    if (text) this.send(text);
  }

  flushSync() {
    const text = this.take();
    if (text) this.sendSync(text);
  }

  take() {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    if (this.lines.length === 0) return "";
    const text = this.lines.join("\n") + "\n";
    this.lines = [];
    return text;
  }
}
