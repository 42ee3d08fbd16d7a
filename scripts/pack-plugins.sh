#!/usr/bin/env bash
# Builds every plugin with `backstage-cli package build` and packs it into one folder (default
# dist-packs/), as internal-<package>-<version>.tgz: the tarballs a platform team installs into its
# own Backstage (see README.md, "Install the plugins in your own Backstage").
#
#   bash scripts/pack-plugins.sh [output-folder]
#
# The tarballs hold what `yarn pack` with the packages' prepack (`backstage-cli package prepack`)
# would: main, types and exports pointing at dist/, config.d.ts compiled to config.schema.json,
# only the `files` list, and `workspace:^` replaced by the version. They are made from a copy,
# though: `backstage-cli build-workspace` writes the production form of each package into a
# temporary workspace, so no package.json of this work tree is ever rewritten (an in-place prepack
# racing another `yarn install` once left prepack manifests behind). The packages stay `private`
# (no accidental publish to a public registry); packing does not mind.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
log() { printf '[pack-plugins] %s\n' "$*" >&2; }

OUT="${1:-$ROOT/dist-packs}"
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
STAGE="$(mktemp -d "${TMPDIR:-/tmp}/certs-pack.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
cd "$ROOT"

# The type declarations in dist/ are rolled up from the root tsc output (dist-types/). tsc emits
# them even when it reports errors; type errors are npm test's to fail on, this only warns.
log "emitting declarations (yarn tsc)"
if ! yarn tsc >"$STAGE/tsc.log" 2>&1; then
  log "WARNING: yarn tsc reports $(grep -c 'TS[0-9][0-9]*:' "$STAGE/tsc.log") type errors (first: $(grep -m1 'TS[0-9][0-9]*:' "$STAGE/tsc.log" | sed 's/\x1b\[[0-9;]*m//g'))"
fi

names=()
for plugin in "${PLUGINS[@]}"; do
  log "building $plugin"
  (cd "$ROOT/plugins/$plugin" && yarn backstage-cli package build)
  names+=("$(node -p "require('$ROOT/plugins/$plugin/package.json').name")")
done

log "writing the production form of the packages (backstage-cli build-workspace)"
mkdir -p "$STAGE/workspace"
yarn backstage-cli build-workspace "$STAGE/workspace" "${names[@]}" >"$STAGE/build-workspace.log" 2>&1 ||
  { tail -20 "$STAGE/build-workspace.log" >&2; exit 1; }

# `workspace:` ranges become the versions of the packages they name, as yarn pack does.
node - "$STAGE/workspace" "${PLUGINS[@]}" <<'EOF'
const fs = require('fs');
const path = require('path');
const [root, ...plugins] = process.argv.slice(2);
const file = p => path.join(root, 'plugins', p, 'package.json');
const versions = new Map(
  plugins.map(p => JSON.parse(fs.readFileSync(file(p), 'utf8'))).map(m => [m.name, m.version]),
);
for (const p of plugins) {
  const pkg = JSON.parse(fs.readFileSync(file(p), 'utf8'));
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (!range.startsWith('workspace:')) continue;
      const version = versions.get(name);
      if (!version) throw new Error(`${pkg.name}: ${name}@${range} is not one of the packed plugins`);
      const kind = range.slice('workspace:'.length);
      pkg[field][name] = kind === '^' || kind === '~' ? `${kind}${version}` : kind === '*' ? version : kind;
    }
  }
  // The copy is already in its packed form.
  delete pkg.scripts?.prepack;
  delete pkg.scripts?.postpack;
  fs.writeFileSync(file(p), JSON.stringify(pkg, null, 2) + '\n');
}
EOF

for plugin in "${PLUGINS[@]}"; do
  dir="$STAGE/workspace/plugins/$plugin"
  file="$(cd "$dir" && npm pack --ignore-scripts --silent --pack-destination "$OUT")"
  printf '%s\t%s\n' "$(du -k "$OUT/$file" | cut -f1)K" "$OUT/$file"
done
