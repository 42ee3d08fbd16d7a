#!/usr/bin/env bash
# Runs runStatusBench() (plugins/certificates-backend/src/services/Status/bench.ts)
# and writes bench/status/results.json.
set -euo pipefail
cd "$(dirname "$0")/../.." && source scripts/env.sh
cd plugins/certificates-backend
STATUS_BENCH=1 CI=true yarn backstage-cli package test src/services/Status/bench.test.ts
