#!/usr/bin/env bash
# `npm test`: the same setup as `npm start`, then type-check, lint, every Jest
# test (SQLite always; PostgreSQL when
# BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set, and required
# when CI=true), promtool checks (inside Jest) and the browser test. Ends with
# one summary (scripts/test-summary.mjs): suites and tests per package,
# databases used, browser steps expected and run, anything skipped; and then
# exactly one line `N passed, N failed`.
#
# TEST_ONLY=jest,e2e (any of typecheck, lint, jest, e2e) runs part of it; what
# it leaves out is listed as skipped.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# Every step runs even when an earlier one fails, so the summary counts them all.
set +e
cd "$ROOT"
mkdir -p artifacts
rm -f artifacts/checks.tsv artifacts/jest.json artifacts/test-databases.jsonl artifacts/e2e.out

# CI is the caller's (.ci/run sets it); Jest itself always runs with CI=true (no watch mode).
IN_CI="${CI:-false}"
ONLY="${TEST_ONLY:-typecheck,lint,jest,e2e}"
wanted() { [[ ",$ONLY," == *",$1,"* ]]; }

record() { printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >> artifacts/checks.tsv; }

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
wanted e2e && ensure_debian_package chromium chromium
wanted jest && ensure_debian_package promtool prometheus

check() {
  local name="$1"
  shift
  if ! wanted "$name"; then
    record "$name" skipped "not in TEST_ONLY"
    return
  fi
  log "$name"
  if "$@"; then record "$name" passed; else record "$name" failed; fi
}

# Golden files are rewritten only on a developer's machine, where the diff is reviewed.
golden_guard() {
  if [ "$IN_CI" = true ] && [ -n "${UPDATE_GOLDEN:-}" ]; then
    echo "UPDATE_GOLDEN is set in CI: golden files would be rewritten without review" >&2
    return 1
  fi
}
golden_guard
if [ $? -eq 0 ]; then
  record "golden files not rewritten in CI" passed
else
  record "golden files not rewritten in CI" failed "UPDATE_GOLDEN=${UPDATE_GOLDEN:-} with CI=true"
fi
unset UPDATE_GOLDEN

check typecheck yarn tsc --noEmit -p .
check lint yarn backstage-cli repo lint

if wanted jest; then
  log "unit and integration tests"
  # Outside CI a missing PostgreSQL is listed as skipped; in CI it fails its suites.
  [ "$IN_CI" = true ] || export CERTIFICATES_TEST_POSTGRES="${CERTIFICATES_TEST_POSTGRES:-optional}"
  CERTIFICATES_TEST_DATABASE_REPORT="$ROOT/artifacts/test-databases.jsonl" CI=true \
    yarn backstage-cli repo test --json --outputFile="$ROOT/artifacts/jest.json" >&2
else
  record jest skipped "not in TEST_ONLY"
  echo '{"success":true,"testResults":[]}' > artifacts/jest.json
fi

if wanted e2e; then
  log "browser test"
  node e2e/smoke.mjs | tee artifacts/e2e.out >&2
else
  record e2e skipped "not in TEST_ONLY"
  printf 'e2e: expected 0 steps\ne2e: expected 0, ran 0\ne2e: 0 passed, 0 failed\n' > artifacts/e2e.out
fi

node scripts/test-summary.mjs artifacts
