#!/usr/bin/env bash
# Build the published binary, then run every test against it. Ends with "N passed, N failed".
#   scripts/test.sh [extra TUnit args, e.g. --treenode-filter "/*/*/LoginTests/*"]
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root" || exit 1

"$root/scripts/build.sh" || { echo "0 passed, 1 failed"; exit 1; }
export OPENCODE_SYNC_TEST_BIN="$root/artifacts/bin/opencode-sync"
# The lint test needs shellcheck: from PATH, or fetched from Debian's package into a cache; else it is skipped, said here.
if sc="$("$root/scripts/fetch-shellcheck.sh")"; then
  export OPENCODE_SYNC_SHELLCHECK="$sc"
else
  echo "test.sh: shellcheck is not installed and could not be fetched: the script lint test is SKIPPED (install it: apt-get install shellcheck, brew install shellcheck)"
fi
export TUNIT_DISABLE_HTML_REPORTER=true TUNIT_DISABLE_JSON_REPORT=true
# The real-OpenCode tests run opencode-ai from npm: installed once into a cache (said here, not hidden in a test).
echo "test.sh: opencode-ai@1.18.33 for the real-OpenCode tests: $("$root/scripts/opencode-install.sh" 1.18.33 2>/dev/null || echo "not installed (npm unreachable?): those tests will fail and say why")"

log="$(mktemp)"
dotnet test --project tests/OpenCodeSync.Tests -c Release -- --disable-logo --no-ansi --progress off "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

total=$(sed -n 's/^ *total: *\([0-9]*\).*/\1/p' "$log" | tail -1)
failed=$(sed -n 's/^ *failed: *\([0-9]*\).*/\1/p' "$log" | tail -1)
passed=$(sed -n 's/^ *succeeded: *\([0-9]*\).*/\1/p' "$log" | tail -1)
skipped=$(sed -n 's/^ *skipped: *\([0-9]*\).*/\1/p' "$log" | tail -1)
rm -f "$log"
if [ -z "$total" ]; then
  echo "0 passed, 1 failed"   # the run did not get as far as a summary (build error)
  exit 1
fi
[ "$rc" -ne 0 ] && [ "${failed:-0}" -eq 0 ] && failed=1
[ "${skipped:-0}" -gt 0 ] && echo "(${skipped} skipped: see the SKIPPED lines above for what to install)"
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$rc"
