# Helpers verify-install.sh and verify-production.sh share (sourced, not run).
# The caller sets VERIFY_NAME (the log prefix), STARTED (=$SECONDS at start), WORK (its temporary
# folder, where the backend logs to backend.log) and BASE (the backend's URL).

step() { printf '\n[%s] %s (%ss)\n' "$VERIFY_NAME" "$*" "$((SECONDS - STARTED))" >&2; }

fail() {
  printf '[%s] %s\n' "$VERIFY_NAME" "$*" >&2
  if [ -f "$WORK/backend.log" ]; then
    echo "--- last lines of the backend log ---" >&2
    tail -40 "$WORK/backend.log" >&2
  fi
  echo "FAIL: $VERIFY_NAME ($*)"
  exit 1
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# wait_for_health PID SECONDS: until GET /api/certificates/health answers 200; fails when the backend
# (PID, or a process group id) exits first or SECONDS pass. A plugin still starting holds requests for
# a few seconds before its 503: wait by the clock.
wait_for_health() {
  local pid=$1 limit=$2
  local deadline=$((SECONDS + limit))
  until [ "$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$BASE/api/certificates/health")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || fail "the backend exited during start-up"
    [ "$SECONDS" -lt "$deadline" ] || fail "GET /api/certificates/health is not 200 after $limit s"
    sleep 1
  done
  step "GET /api/certificates/health: 200"
}
