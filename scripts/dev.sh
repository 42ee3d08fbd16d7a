#!/usr/bin/env bash
# `yarn dev [--config FILE ...]`: the platform simulator (packages/platform-simulator), which
# serves the cluster and Vault that the same config points the backend at, then the app
# (`backstage-cli repo start`). Both are in this process group: stopping the app stops both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
node --require @backstage/cli/config/nodeTransform.cjs packages/platform-simulator/src/cli.ts "$@" &
exec backstage-cli repo start "$@"
