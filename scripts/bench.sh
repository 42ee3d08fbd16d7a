#!/usr/bin/env bash
# `npm run bench`: runs bench/index.ts with Backstage's TypeScript transform.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
exec node --require @backstage/cli/config/nodeTransform.cjs bench/index.ts "$@"
