#!/usr/bin/env bash
# Proves that the plugins install into a fresh Backstage app from their tarballs, the way
# README.md ("Install the plugins in your own Backstage") tells a platform team to do it:
#
#   bash scripts/verify-install.sh          # prints PASS or FAIL as its last line
#
# 1. packs the plugins (scripts/pack-plugins.sh);
# 2. creates an app with @backstage/create-app at the version of this repository's Backstage release
#    (backstage.json) from the npm registry, in a temporary folder;
# 3. copies the tarballs to vendor/certificates/, points the five @internal names at them in the
#    root `resolutions` (so their dependencies on each other resolve from the tarballs), adds the
#    plugins to packages/backend and packages/app, registers them in packages/backend/src/index.ts
#    and adds a `certificates` section to app-config.yaml;
# 4. yarn install, builds the frontend (backstage-cli package build) and checks that the bundle
#    contains the plugin (found by app.packages: all through its /alpha entry point);
# 5. checks the configuration against the shipped config.d.ts (backstage-cli config:check --strict)
#    and type-checks the legacy exports, the /alpha plugin and the backend imports from the tarballs
#    (scripts/verify-install/certificatesCheck.tsx);
# 6. starts the backend (yarn start of packages/backend) and checks GET /api/certificates/health,
#    that the app is served, GET /api/certificates/options as the guest, and that the scaffolder
#    lists the module's actions; then stops it and removes the folder.
#
# Two adjustments are made to the generated app before installing, both printed:
# - its @backstage/* dependencies are moved to the versions this repository is built and tested
#   with (its yarn.lock), as `backstage-cli versions:bump` would: the plugins need those versions
#   (e.g. @backstage/backend-plugin-api ^1.12), and without create-app's lockfile seed (fetched from
#   GitHub, not reachable here) the template's own older ranges mix with newer transitive releases
#   and its backend does not start even without the plugins;
# - a dependency range the registry in use has no version for is redirected to the newest version
#   it has, through a `resolutions` entry.
# keytar (a credential-store helper of @backstage/cli) is not built, as in this repository.
#
# Idempotent: everything happens in a temporary folder removed on exit (KEEP=1 keeps it), and the
# backend runs in its own process group on a free port, stopped on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# @backstage/create-app 0.8.0 is the create-app of Backstage release 1.49.0.
CREATE_APP_VERSION="${CREATE_APP_VERSION:-0.8.0}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/certs-verify-install.XXXXXX")"
APP="$WORK/app"
BACKEND_PGID=""
STARTED=$SECONDS

VERIFY_NAME=verify-install
# step, fail, free_port, wait_for_health
source "$(dirname "${BASH_SOURCE[0]}")/lib/verify.sh"
cleanup() {
  local code=$?
  if [ -n "$BACKEND_PGID" ]; then
    kill -- "-$BACKEND_PGID" 2>/dev/null || true
    sleep 1
    kill -9 -- "-$BACKEND_PGID" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then
    echo "[verify-install] kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "packing the plugins"
bash "$(dirname "${BASH_SOURCE[0]}")/pack-plugins.sh" "$WORK/packs" || fail "scripts/pack-plugins.sh"
ls "$WORK"/packs/*.tgz >/dev/null 2>&1 || fail "no tarballs"

step "creating an app with @backstage/create-app@$CREATE_APP_VERSION"
(cd "$WORK" && BACKSTAGE_APP_NAME=certs-verify npx --yes "@backstage/create-app@$CREATE_APP_VERSION" \
  --path "$APP" --skip-install) >"$WORK/create-app.log" 2>&1 ||
  { tail -20 "$WORK/create-app.log" >&2; fail "create-app"; }
want="$(node -p "require('$ROOT/backstage.json').version")"
got="$(node -p "require('$APP/backstage.json').version")"
[ "$want" = "$got" ] ||
  fail "create-app $CREATE_APP_VERSION makes a Backstage $got app, this repository is on $want: set CREATE_APP_VERSION"

step "adding the plugin tarballs to the app"
mkdir -p "$APP/vendor/certificates"
cp "$WORK"/packs/*.tgz "$APP/vendor/certificates/"
(
  cd "$APP"
  node - "$ROOT/yarn.lock" <<'EOF'
const fs = require('fs');
const path = require('path');
const [lockFile] = process.argv.slice(2);
const edit = (file, fn) => {
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  fn(pkg);
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
};
// Root: every @internal package from its tarball, so the tarballs' dependencies on each other
// (`^0.1.0`) resolve without a registry; keytar needs libsecret headers, not built (as in this repo).
edit('package.json', pkg => {
  pkg.resolutions ??= {};
  for (const file of fs.readdirSync('vendor/certificates').sort()) {
    const name = '@' + file.replace(/-\d+\.\d+\.\d+\.tgz$/, '').replace(/^internal-/, 'internal/');
    pkg.resolutions[name] = `file:./vendor/certificates/${file}`;
  }
  pkg.dependenciesMeta = { ...pkg.dependenciesMeta, keytar: { built: false } };
});
edit('packages/backend/package.json', pkg => {
  pkg.dependencies['@internal/plugin-certificates-backend'] = '^0.1.0';
  pkg.dependencies['@internal/plugin-scaffolder-backend-module-certificates'] = '^0.1.0';
});
edit('packages/app/package.json', pkg => {
  pkg.dependencies['@internal/plugin-certificates'] = '^0.1.0';
});

// The @backstage/* versions this repository resolves (highest per package).
const versions = new Map();
const newer = (a, b) => {
  const x = a.split('.').map(Number), y = b.split('.').map(Number);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};
let names = [];
for (const line of fs.readFileSync(lockFile, 'utf8').split('\n')) {
  const header = /^"(.+)":$/.exec(line);
  if (header) {
    names = header[1].split(', ').map(d => d.replace(/^(@?[^@]+)@.*$/, '$1'));
  } else {
    const v = /^  version: (\d+\.\d+\.\d+)$/.exec(line);
    if (!v) continue;
    for (const n of names.filter(n => n.startsWith('@backstage/'))) {
      if (!versions.has(n) || newer(v[1], versions.get(n)) > 0) versions.set(n, v[1]);
    }
    names = [];
  }
}
let moved = 0;
for (const file of ['package.json', 'packages/app/package.json', 'packages/backend/package.json']) {
  edit(file, pkg => {
    for (const field of ['dependencies', 'devDependencies']) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        const v = versions.get(name);
        if (v && range !== `^${v}`) {
          pkg[field][name] = `^${v}`;
          moved++;
        }
      }
    }
  });
}
console.error(`[verify-install] ${moved} @backstage/* ranges moved to this repository's versions`);
EOF
) || fail "editing the app's package.json files"

# The backend registers the plugin, its catalog module and the scaffolder module.
node - "$APP/packages/backend/src/index.ts" <<'EOF' || fail "editing packages/backend/src/index.ts"
const fs = require('fs');
const file = process.argv[2];
let src = fs.readFileSync(file, 'utf8');
src = src.replace(
  "import { createBackend } from '@backstage/backend-defaults';",
  "import { createBackend } from '@backstage/backend-defaults';\n" +
    "import { catalogModuleCertificates } from '@internal/plugin-certificates-backend';",
);
src = src.replace(
  'backend.start();',
  "// certificates\nbackend.add(import('@internal/plugin-certificates-backend'));\n" +
    'backend.add(catalogModuleCertificates);\n' +
    "backend.add(import('@internal/plugin-scaffolder-backend-module-certificates'));\n\n" +
    'backend.start();',
);
if (!src.includes('catalogModuleCertificates)')) throw new Error('backend.start() not found');
fs.writeFileSync(file, src);
EOF

cat >>"$APP/app-config.yaml" <<EOF

certificates:
  gitops:
    target: local
    local:
      path: $WORK/gitops
  issuers:
    - name: letsencrypt-staging
      server: https://acme-staging-v02.api.letsencrypt.org/directory
      email: platform@example.com
      staging: true
  zones:
    - domain: example.com
      dnsProvider:
        type: cloudflare
        apiTokenSecretRef:
          name: cloudflare-api-token
          key: api-token
  teams:
    - name: team-a
EOF

step "yarn install in the app"
installed=""
for _ in 1 2 3 4 5 6; do
  if (cd "$APP" && yarn install) >"$WORK/install.log" 2>&1; then
    installed=1
    break
  fi
  # "<name>@npm:<range>: No candidates found": the registry in use has no version in that range.
  missing="$(grep -o 'YN0082: [^ ]* [^ ]*: No candidates found' "$WORK/install.log" |
    sed 's/^YN0082: [^ ]* //; s/: No candidates found$//' || true)"
  [ -n "$missing" ] || break
  for descriptor in $missing; do
    name="${descriptor%@npm:*}"
    range="${descriptor##*@npm:}"
    latest="$(npm view "$name" versions --json |
      node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{
        const v=[].concat(JSON.parse(s)).filter(x=>!x.includes('-'));console.log(v[v.length-1])})")"
    printf '[verify-install] the registry has no %s@%s; resolving it to ^%s\n' "$name" "$range" "$latest" >&2
    node -e "
      const fs=require('fs');const f='$APP/package.json';const p=JSON.parse(fs.readFileSync(f,'utf8'));
      p.resolutions['$name@$range']='^$latest';fs.writeFileSync(f,JSON.stringify(p,null,2)+'\n');"
  done
done
[ -n "$installed" ] || { grep -v 'YN0060\|YN0002\|YN0086\|YN0007' "$WORK/install.log" | tail -20 >&2; fail "yarn install"; }
for pkg in plugin-certificates plugin-certificates-backend plugin-certificates-common \
  plugin-certificates-node plugin-scaffolder-backend-module-certificates; do
  [ -f "$APP/node_modules/@internal/$pkg/package.json" ] || fail "@internal/$pkg is not installed"
done

step "checking the configuration schema and the types of the tarballs"
# config.d.ts ships in the backend tarball and is found: the README's configuration passes, and a
# wrong value is refused by name (without the schema it would pass silently).
(cd "$APP" && yarn backstage-cli config:check --strict --lax) >"$WORK/config-check.log" 2>&1 ||
  { tail -10 "$WORK/config-check.log" >&2; fail "config:check refuses the certificates configuration"; }
printf 'certificates:\n  gitops:\n    target: nowhere\n' >"$WORK/bad-config.yaml"
(cd "$APP" && yarn backstage-cli config:check --strict --lax --config app-config.yaml \
  --config "$WORK/bad-config.yaml") >"$WORK/config-bad.log" 2>&1 || true
grep -q '/certificates/gitops/target' "$WORK/config-bad.log" ||
  fail "config:check does not check certificates.gitops.target against the shipped schema (config.schema.json)"
# The legacy exports and the /alpha plugin type-check from the tarballs' dist/*.d.ts, used as
# plugins/certificates/README.md shows; so do the backend's imports.
cp "$ROOT/scripts/verify-install/certificatesCheck.tsx" "$APP/packages/app/src/"
cp "$ROOT/scripts/verify-install/tsconfig.certificates.json" "$APP/"
(cd "$APP" && yarn tsc -p tsconfig.certificates.json) >"$WORK/tsc.log" 2>&1 ||
  { tail -20 "$WORK/tsc.log" >&2; fail "the plugins' types do not check in the app"; }
rm "$APP/packages/app/src/certificatesCheck.tsx"
step "config.d.ts enforced; legacy, /alpha and backend imports type-check"

step "building the frontend"
(cd "$APP/packages/app" && yarn backstage-cli package build) >"$WORK/app-build.log" 2>&1 ||
  { tail -30 "$WORK/app-build.log" >&2; fail "frontend build"; }
# The annotation name exists only in the plugin's code: the bundle contains the plugin.
grep -lq 'certificates.backstage.io/certificates' "$APP"/packages/app/dist/static/*.js ||
  fail "the frontend bundle does not contain @internal/plugin-certificates"
step "the frontend bundle contains the plugin"

step "starting the backend"
PORT="$(free_port)"
BASE="http://localhost:$PORT"
cat >"$APP/app-config.local.yaml" <<EOF
app:
  baseUrl: $BASE
backend:
  baseUrl: $BASE
  listen:
    port: $PORT
EOF
(cd "$APP" && exec setsid yarn workspace backend start) >"$WORK/backend.log" 2>&1 </dev/null &
BACKEND_PGID=$!
wait_for_health "$BACKEND_PGID" 240

[ "$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "$BASE/")" = 200 ] || fail "the app is not served at /"

token="$(curl -s --max-time 30 -X POST -H 'X-Requested-With: XMLHttpRequest' "$BASE/api/auth/guest/refresh" |
  node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{try{console.log(JSON.parse(s).backstageIdentity.token)}catch{}})")"
[ -n "$token" ] || fail "no guest token"
status="$(curl -s --max-time 30 -o "$WORK/options.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
  "$BASE/api/certificates/options")"
[ "$status" = 200 ] && grep -q letsencrypt-staging "$WORK/options.json" ||
  fail "GET /api/certificates/options: HTTP $status"
step "GET /api/certificates/options as the guest: 200"

curl -s --max-time 30 -H "Authorization: Bearer $token" "$BASE/api/scaffolder/v2/actions" >"$WORK/actions.json"
grep -q '"certificates:request:create"' "$WORK/actions.json" ||
  fail "the scaffolder does not list certificates:request:create"
step "the scaffolder lists the certificates actions"

echo "PASS: verify-install (tarballs installed into a new create-app@$CREATE_APP_VERSION app; frontend bundle has the plugin; backend started, health 200) in $((SECONDS - STARTED)) s"
