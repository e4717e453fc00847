import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { findBinary, platformPackage } from "../lib/binary.js";
import { tempDir, fakeBinary } from "./helpers.js";

const noPackage = pathToFileURL(path.join(tempDir(), "x.js")).href;

test("OPENCODE_SYNC_BIN wins over everything", () => {
  const dir = tempDir();
  const { bin } = fakeBinary(dir);
  const onPath = fakeBinary(tempDir());
  const r = findBinary({ env: { OPENCODE_SYNC_BIN: bin, PATH: path.dirname(onPath.bin) }, resolveFrom: noPackage });
  assert.deepEqual(r, { path: bin, source: "env" });
});

test("an OPENCODE_SYNC_BIN that is not executable is reported, not replaced", () => {
  const onPath = fakeBinary(tempDir());
  const r = findBinary({ env: { OPENCODE_SYNC_BIN: "/nonexistent/opencode-sync", PATH: path.dirname(onPath.bin) }, resolveFrom: noPackage });
  assert.equal(r.path, null);
  assert.match(r.tried[0], /OPENCODE_SYNC_BIN=\/nonexistent/);
});

test("the per-platform package next to the plugin comes before PATH", () => {
  const root = tempDir();
  const pkgDir = path.join(root, "node_modules", platformPackage("linux", "x64"));
  fs.mkdirSync(path.join(pkgDir, "bin"), { recursive: true });
  fs.writeFileSync(path.join(pkgDir, "package.json"), JSON.stringify({ name: platformPackage("linux", "x64"), version: "0.1.0" }));
  fs.writeFileSync(path.join(pkgDir, "bin", "opencode-sync"), "#!/bin/sh\n", { mode: 0o755 });
  const onPath = fakeBinary(tempDir());
  const from = pathToFileURL(path.join(root, "plugin", "index.js")).href;
  const r = findBinary({ env: { PATH: path.dirname(onPath.bin) }, platform: "linux", arch: "x64", resolveFrom: from });
  assert.deepEqual(r, { path: path.join(pkgDir, "bin", "opencode-sync"), source: "package" });
  assert.equal(platformPackage("darwin", "arm64"), "opencode-sync-darwin-arm64");
});

test("PATH is the last resort; nothing found lists what was tried", () => {
  const onPath = fakeBinary(tempDir());
  const r = findBinary({ env: { PATH: `/nonexistent${path.delimiter}${path.dirname(onPath.bin)}` }, resolveFrom: noPackage });
  assert.deepEqual(r, { path: onPath.bin, source: "path" });
  const none = findBinary({ env: { PATH: "/nonexistent" }, resolveFrom: noPackage });
  assert.equal(none.path, null);
  assert.equal(none.tried.length, 3);
});

test("the binary setup pinned comes after OPENCODE_SYNC_BIN and before the package and PATH", () => {
  const pinned = fakeBinary(tempDir());
  const onPath = fakeBinary(tempDir());
  const env = { PATH: path.dirname(onPath.bin) };
  assert.deepEqual(findBinary({ env, resolveFrom: noPackage, pinned: pinned.bin }), { path: pinned.bin, source: "setup" });
  const explicit = fakeBinary(tempDir());
  assert.deepEqual(findBinary({ env: { ...env, OPENCODE_SYNC_BIN: explicit.bin }, resolveFrom: noPackage, pinned: pinned.bin }), { path: explicit.bin, source: "env" });
});

test("a pinned binary that has gone falls through to PATH, and is named when nothing is found", () => {
  const onPath = fakeBinary(tempDir());
  const gone = path.join(tempDir(), "moved-away", "opencode-sync");
  assert.deepEqual(findBinary({ env: { PATH: path.dirname(onPath.bin) }, resolveFrom: noPackage, pinned: gone }), { path: onPath.bin, source: "path" });
  const none = findBinary({ env: { PATH: "/nonexistent" }, resolveFrom: noPackage, pinned: gone });
  assert.equal(none.path, null);
  assert.ok(none.tried.some((t) => t.includes(gone)), none.tried.join("; "));
});
