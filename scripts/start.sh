#!/usr/bin/env bash
# `npm start`: installs what is missing, then starts Backstage on embedded defaults
# (frontend :3000, backend :7007, SQLite and the local GitOps repository in ./data).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
mkdir -p data
exec yarn dev "$@"
