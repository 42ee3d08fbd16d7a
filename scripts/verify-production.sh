#!/usr/bin/env bash
# Proves the production build without a container daemon: does on this machine what
# packages/backend/Dockerfile does in the image, then starts the result with node against the local
# PostgreSQL and app-config.production.yaml, and sends one certificate request end to end to a local
# git GitOps repository.
#
#   bash scripts/verify-production.sh          # prints PASS or FAIL as its last line
#
# Steps: backstage-cli package build of packages/backend (dist/skeleton.tar.gz + dist/bundle.tar.gz,
# the frontend bundled in), a temporary folder laid out like the image's /app, `yarn workspaces focus
# --all --production` there, then
#   node packages/backend --config app-config.yaml --config app-config.production.yaml \
#        --config app-config.verify.yaml
# with the production environment variables set to local placeholders. Checks: /api/certificates/health
# is 200, the app is served, and POST /api/certificates/requests returns 201 with a pull request on
# the local git repository, whose branch holds the certificate's manifest.
#
# The third config file holds only what a test needs and production must not have: a free port, a
# throwaway database prefix, the local GitOps target instead of GitHub, the example catalog, and the
# guest sign-in (dangerouslyAllowOutsideDevelopment) so the script can act as a user. A service token
# (backend.auth.externalAccess) would not do: the request API accepts only users, since the request
# is recorded and authorised as the person asking. Redis (the production cache store) is started on a
# free port when redis-server is installed; otherwise the cache falls back to memory.
#
# Idempotent: everything lives in a temporary folder and databases named with a unique prefix, all
# removed on exit, also on failure or Ctrl-C. Environment: PGHOST/PGPORT/PGUSER (default
# 127.0.0.1:5432, postgres, trust authentication), KEEP=1 keeps the folder for inspection.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/certs-verify-production.XXXXXX")"
DB_PREFIX="certs_verify_$(basename "$WORK" | tr -dc 'a-zA-Z0-9' | tr 'A-Z' 'a-z')_"
BACKEND_PID=""
REDIS_PID=""
STARTED=$SECONDS

VERIFY_NAME=verify-production
# step, fail, free_port, wait_for_health
source "$(dirname "${BASH_SOURCE[0]}")/lib/verify.sh"

cleanup() {
  local code=$?
  [ -n "$BACKEND_PID" ] && kill "$BACKEND_PID" 2>/dev/null && wait "$BACKEND_PID" 2>/dev/null || true
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
  local db
  for db in $(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -Atc \
    "select datname from pg_database where datname like '${DB_PREFIX}%'" 2>/dev/null); do
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -qc "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true
  done
  if [ "${KEEP:-0}" = 1 ]; then
    echo "[verify-production] kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_isready -h "$PGHOST" -p "$PGPORT" -q || fail "no PostgreSQL on $PGHOST:$PGPORT"

step "building packages/backend (backstage-cli package build)"
# tsc emits the declarations the plugin builds roll up even when it reports errors; type errors are
# npm test's to fail on, this only warns.
if ! (cd "$ROOT" && yarn tsc) >"$WORK/tsc.log" 2>&1; then
  printf '[verify-production] WARNING: yarn tsc reports %s type errors\n' "$(grep -c 'TS[0-9][0-9]*:' "$WORK/tsc.log")" >&2
fi
(cd "$ROOT/packages/backend" && yarn backstage-cli package build) || fail "backend build"
for f in skeleton.tar.gz bundle.tar.gz; do
  [ -s "$ROOT/packages/backend/dist/$f" ] || fail "packages/backend/dist/$f missing"
done
printf '[verify-production] bundle %s, skeleton %s\n' \
  "$(du -h "$ROOT/packages/backend/dist/bundle.tar.gz" | cut -f1)" \
  "$(du -h "$ROOT/packages/backend/dist/skeleton.tar.gz" | cut -f1)" >&2

step "laying out the image's /app in $WORK/app, as the Dockerfile does"
APP="$WORK/app"
mkdir -p "$APP"
# The same files the Dockerfile copies (.dockerignore allows only these).
cp "$ROOT"/{.yarnrc.yml,backstage.json,yarn.lock,package.json} "$APP/"
tar xzf "$ROOT/packages/backend/dist/skeleton.tar.gz" -C "$APP"
(cd "$APP" && NODE_ENV=production yarn workspaces focus --all --production) >"$WORK/focus.log" 2>&1 ||
  { tail -30 "$WORK/focus.log" >&2; fail "yarn workspaces focus --all --production"; }
tar xzf "$ROOT/packages/backend/dist/bundle.tar.gz" -C "$APP"
cp "$ROOT"/app-config.yaml "$ROOT"/app-config.production.yaml "$APP/"
printf '[verify-production] production node_modules: %s\n' "$(du -sh "$APP/node_modules" | cut -f1)" >&2

step "starting the backend with node against PostgreSQL"
PORT="$(free_port)"
GITOPS="$WORK/gitops"
cp "$ROOT/catalog-info.yaml" "$WORK/catalog-info.yaml"
cat >"$APP/app-config.verify.yaml" <<EOF
# Written by scripts/verify-production.sh: what only a test needs, over the production config.
backend:
  listen:
    port: $PORT
  database:
    prefix: $DB_PREFIX
auth:
  providers:
    guest:
      userEntityRef: user:default/guest
      dangerouslyAllowOutsideDevelopment: true
catalog:
  locations:
    - type: file
      target: $WORK/catalog-info.yaml
      rules:
        - allow: [Component, Group, User, Template]
certificates:
  gitops:
    target: local
    local:
      path: $GITOPS
EOF
if command -v redis-server >/dev/null; then
  REDIS_PORT="$(free_port)"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
else
  printf 'backend:\n  cache:\n    store: memory\n' >>"$APP/app-config.verify.yaml"
  REDIS_URL="redis://unused"
fi
# Well-formed placeholders where the config wants a key or a certificate.
openssl genrsa -out "$WORK/github-app.pem" 2048 2>/dev/null
openssl req -x509 -key "$WORK/github-app.pem" -subj /CN=placeholder-cluster-ca -days 1 \
  -out "$WORK/cluster-ca.pem" 2>/dev/null

BASE="http://localhost:$PORT"
(
  cd "$APP"
  export NODE_ENV=production NODE_OPTIONS="--no-node-snapshot"
  export APP_BASE_URL="$BASE" BACKEND_BASE_URL="$BASE"
  export BACKEND_SECRET="$(openssl rand -hex 24)"
  export POSTGRES_HOST="$PGHOST" POSTGRES_PORT="$PGPORT" POSTGRES_USER="$PGUSER" POSTGRES_PASSWORD=unused
  export REDIS_URL
  export AUTH_GITHUB_CLIENT_ID=placeholder AUTH_GITHUB_CLIENT_SECRET=placeholder
  export GITHUB_APP_ID=1 GITHUB_APP_CLIENT_ID=placeholder GITHUB_APP_CLIENT_SECRET=placeholder
  export GITHUB_APP_PRIVATE_KEY="$(cat "$WORK/github-app.pem")" GITHUB_APP_WEBHOOK_SECRET=placeholder
  export CERTIFICATES_GITOPS_REPO_URL=https://github.com/example/platform-gitops
  export VAULT_ADDR=http://127.0.0.1:1
  export K8S_CLUSTER_URL=https://127.0.0.1:1 K8S_SERVICE_ACCOUNT_TOKEN=placeholder
  export K8S_CA_DATA="$(base64 -w0 "$WORK/cluster-ca.pem")"
  exec node packages/backend --config app-config.yaml --config app-config.production.yaml \
    --config app-config.verify.yaml
) >"$WORK/backend.log" 2>&1 &
BACKEND_PID=$!

wait_for_health "$BACKEND_PID" 180

status="$(curl -s --max-time 30 -o "$WORK/index.html" -w '%{http_code}' "$BASE/")"
[ "$status" = 200 ] && grep -q '<div id="root">' "$WORK/index.html" ||
  fail "the app is not served at / (HTTP $status)"
step "GET /: the bundled app is served"

# Sign in as the guest once the catalog knows it as a member of team-a (its identity then lists the Group).
token=""
deadline=$((SECONDS + 180))
while [ "$SECONDS" -lt "$deadline" ]; do
  token="$(curl -s --max-time 30 -X POST -H 'X-Requested-With: XMLHttpRequest' "$BASE/api/auth/guest/refresh" |
    node -e "
      let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{
        try{const id=JSON.parse(s).backstageIdentity;
          if(id.identity.ownershipEntityRefs.includes('group:default/team-a'))console.log(id.token);}catch{}})")"
  [ -n "$token" ] && break
  sleep 2
done
[ -n "$token" ] || fail "no guest token with group:default/team-a (catalog not ingested?)"
step "signed in as user:default/guest (member of team-a)"

status="$(curl -s --max-time 30 -o "$WORK/request.json" -w '%{http_code}' -X POST \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"team":"team-a","domain":"example.com","subdomain":"shop","issuer":"letsencrypt-staging"}' \
  "$BASE/api/certificates/requests")"
[ "$status" = 201 ] || fail "POST /api/certificates/requests: HTTP $status $(head -c 400 "$WORK/request.json")"
summary="$(node -e "
  const r=require('$WORK/request.json');
  const pr=r.pullRequest||{};
  if(!pr.url&&!pr.number&&!pr.branch){console.error('no pull request in',JSON.stringify(r));process.exit(1)}
  console.log([r.id,r.state,pr.branch||'',pr.url||pr.number||''].join(' '))")" ||
  fail "the stored request has no pull request"
read -r request_id request_state pr_branch pr_ref <<<"$summary"
step "POST /api/certificates/requests: 201, request $request_id, state $request_state, pull request $pr_ref"

# The pull request is a branch of the local GitOps repository holding the certificate's manifest.
branch="${pr_branch:-$(git -C "$GITOPS" for-each-ref --format='%(refname:short)' refs/heads | grep -v '^main$' | head -1)}"
[ -n "$branch" ] || fail "no pull-request branch in $GITOPS"
git -C "$GITOPS" ls-tree -r --name-only "$branch" | grep -q 'tenants/team-a/certificates/.*/certificate.yaml' ||
  fail "branch $branch of the local GitOps repository has no tenants/team-a certificate manifest"
step "branch $branch of the local GitOps repository holds tenants/team-a/.../certificate.yaml"

echo "PASS: verify-production (backend bundle built, started with node on PostgreSQL, health 200, one request end to end) in $((SECONDS - STARTED)) s"
