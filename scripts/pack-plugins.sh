#!/usr/bin/env bash
# Builds every plugin with `backstage-cli package build` and packs it with `yarn pack` into one
# folder (default dist-packs/), as internal-<package>-<version>.tgz: the tarballs a platform team
# installs into its own Backstage (see plugins/certificates-backend/README.md).
#
#   bash scripts/pack-plugins.sh [output-folder]
#
# `yarn pack` runs each package's prepack/postpack (backstage-cli), which points main, types and
# exports at dist/ for the tarball and puts package.json back afterwards, and replaces `workspace:^`
# with the version. The packages stay `private` (no accidental publish to a public registry);
# `yarn pack` does not mind.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

OUT="${1:-$ROOT/dist-packs}"
log() { printf '[pack-plugins] %s\n' "$*" >&2; }
# Dependencies first, so a failure names the lowest package that is broken.
PLUGINS=(
  certificates-common
  certificates-node
  certificates-backend
  scaffolder-backend-module-certificates
  certificates
)

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
cd "$ROOT"

# The type declarations in dist/ are rolled up from the root tsc output (dist-types/). tsc emits
# them even when it reports errors; type errors are npm test's to fail on, this only warns.
log "emitting declarations (yarn tsc)"
if ! yarn tsc >"$OUT/.tsc.log" 2>&1; then
  log "WARNING: yarn tsc reports $(grep -c 'TS[0-9][0-9]*:' "$OUT/.tsc.log") type errors (first: $(grep -m1 'TS[0-9][0-9]*:' "$OUT/.tsc.log" | sed 's/\x1b\[[0-9;]*m//g'))"
fi
rm -f "$OUT/.tsc.log"

packing=""
restore_manifest() {
  # A pack cut short leaves the prepack manifest in place; postpack puts the original back.
  if [ -n "$packing" ] && [ -f "$ROOT/plugins/$packing/package.json-prepack" ]; then
    (cd "$ROOT/plugins/$packing" && yarn backstage-cli package postpack) || true
  fi
}
trap restore_manifest EXIT

for plugin in "${PLUGINS[@]}"; do
  dir="$ROOT/plugins/$plugin"
  name="$(node -p "require('$dir/package.json').name")"
  version="$(node -p "require('$dir/package.json').version")"
  file="$OUT/$(echo "${name#@}" | tr / -)-$version.tgz"
  log "building and packing $name"
  (cd "$dir" && yarn backstage-cli package build)
  packing="$plugin"
  (cd "$dir" && yarn pack --out "$file" >/dev/null)
  packing=""
  printf '%s\t%s\n' "$(du -k "$file" | cut -f1)K" "$file"
done
