// Finds the opencode-sync executable. The order is part of the contract: `opencode-sync verify` checks the
// same places (keep src/OpenCodeSync/OpenCode/BinaryLocator.cs in step).
//   1. $OPENCODE_SYNC_BIN            an explicit path (development, unusual installs)
//   2. the binary that wrote us      `opencode-sync setup` pins its own path in the plugin file it writes
//   3. opencode-sync-<os>-<arch>     the per-platform npm package installed next to this plugin
//   4. opencode-sync on $PATH        a release installed by install.sh or a package manager
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

export const BIN_ENV = "OPENCODE_SYNC_BIN";

export function platformPackage(platform = process.platform, arch = process.arch) {
  return `opencode-sync-${platform}-${arch}`;
}

function exeName(platform) {
  return platform === "win32" ? "opencode-sync.exe" : "opencode-sync";
}

function isExecutable(file) {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform !== "win32") fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// Resolved from this file, so it finds the package wherever npm/bun installed the plugin and its
// optionalDependencies. createRequire works on Node and Bun; a missing package just throws.
function fromPlatformPackage(platform, arch, resolveFrom) {
  try {
    const require = createRequire(resolveFrom);
    const manifest = require.resolve(`${platformPackage(platform, arch)}/package.json`);
    const file = path.join(path.dirname(manifest), "bin", exeName(platform));
    return isExecutable(file) ? file : null;
  } catch {
    return null;
  }
}

function fromPath(envPath, platform) {
  for (const dir of (envPath ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, exeName(platform));
    if (isExecutable(file)) return file;
  }
  return null;
}

/** @returns {{ path: string, source: "env" | "setup" | "package" | "path" } | { path: null, tried: string[] }} */
export function findBinary({ env = process.env, platform = process.platform, arch = process.arch, resolveFrom = import.meta.url, pinned } = {}) {
  const explicit = env[BIN_ENV];
  if (explicit) {
    // An explicit setting that does not work is reported, never silently replaced by something else.
    return isExecutable(explicit) ? { path: explicit, source: "env" } : { path: null, tried: [`${BIN_ENV}=${explicit} (not an executable file)`] };
  }
  // A pinned binary that has moved or been removed falls through: the user may have reinstalled elsewhere.
  if (pinned && isExecutable(pinned)) return { path: pinned, source: "setup" };
  const pkg = fromPlatformPackage(platform, arch, resolveFrom);
  if (pkg) return { path: pkg, source: "package" };
  const onPath = fromPath(env.PATH, platform);
  if (onPath) return { path: onPath, source: "path" };
  const tried = pinned ? [`$${BIN_ENV} (unset)`, `${pinned} (written by setup; not an executable file)`] : [`$${BIN_ENV} (unset)`];
  return { path: null, tried: [...tried, `npm package ${platformPackage(platform, arch)}`, "opencode-sync on PATH"] };
}
