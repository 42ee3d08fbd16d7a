#!/usr/bin/env bash
# `npm test`: the same setup as `npm start`, then type-check, lint, every Jest
# test (SQLite always; PostgreSQL too when
# BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set), promtool checks
# (inside Jest) and the browser test. Ends with one line `N passed, N failed`.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# Every step runs even when an earlier one fails, so the summary counts them all.
set +e
cd "$ROOT"
mkdir -p artifacts

ensure_debian_package() {
  local command="$1" package="$2"
  command -v "$command" >/dev/null 2>&1 && return 0
  log "installing Debian package $package (for $command)"
  if [ "$(id -u)" = 0 ]; then
    (apt-get install -y --no-install-recommends "$package" || (apt-get update && apt-get install -y --no-install-recommends "$package")) >&2
  else
    (sudo apt-get install -y --no-install-recommends "$package" || (sudo apt-get update && sudo apt-get install -y --no-install-recommends "$package")) >&2
  fi
}
ensure_debian_package chromium chromium
ensure_debian_package promtool prometheus

passed=0
failed=0
check() {
  local name="$1"
  shift
  log "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name" >&2
  fi
}

check "type-check" yarn tsc --noEmit -p .
check "lint" yarn backstage-cli repo lint

log "unit and integration tests"
rm -f artifacts/jest.json
CI=true yarn backstage-cli repo test --json --outputFile="$ROOT/artifacts/jest.json" >&2
jest_status=$?
if [ -f artifacts/jest.json ]; then
  read -r jp jf < <(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)' "$ROOT/artifacts/jest.json")
  passed=$((passed + jp))
  failed=$((failed + jf))
  [ "$jest_status" -ne 0 ] && [ "$jf" -eq 0 ] && failed=$((failed + 1))
else
  failed=$((failed + 1))
fi

log "browser test"
node e2e/smoke.mjs | tee artifacts/e2e.out >&2
read -r ep ef < <(sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' artifacts/e2e.out)
passed=$((passed + ${ep:-0}))
failed=$((failed + ${ef:-1}))

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
