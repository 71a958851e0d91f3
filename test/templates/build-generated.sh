#!/usr/bin/env bash
# Proof that the golden-path templates generate services that build, pass their own tests and
# serve /healthz. For each template this script:
#   1. renders the skeleton with sample values (render.mjs: the `${{ values.x }}` subset the
#      skeletons use; .github/workflows/** copied verbatim like copyWithoutTemplating),
#   2. checks the generated repository against the hardening rules (check.mjs: YAML parses,
#      actions pinned to commit SHAs, Dockerfile, Pod Security "restricted" manifests, ...)
#      and against the suite's built-in CEL policies (policy.mjs, packages/policy),
#   3. builds it and runs its own tests with the toolchains here (Node from ./gp, python3,
#      Debian's golang-go, installed with apt-get when missing),
#   4. starts it on a free port, curls /healthz, runs its container healthcheck command, and
#      stops it with SIGTERM, expecting exit code 0.
# Usage: test/templates/build-generated.sh [template...]   (default: all three)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/test/templates"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/golden-path-templates.XXXXXX")"
SERVICE_PID=""

cleanup() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Sample answers, as template.yaml passes them to fetch:template. The description is hostile on
# purpose: it must reach no rendered file (only catalog-info.yaml, which policy.mjs writes
# afterwards with a YAML serializer, the way catalog:write does).
DESCRIPTION='Payments API ${{ secrets.backstageToken }} {% raw %} $(curl evil.example) marker-7f3c'
VALUES="$(
  DESCRIPTION="$DESCRIPTION" python3 -c '
import json, os
print(json.dumps({
  "name": "payments-api",
  "owner": "group:default/payments-team",
  "system": "system:default/payments",
  "tier": 2,
  "lifecycle": "production",
  "description": os.environ["DESCRIPTION"],
  "repoUrl": "github.com?owner=golden-path-demo&repo=payments-api",
}))'
)"

log() { printf '%s\n' "$*"; }
step() { printf '  - %s\n' "$*"; }

NODE_BIN="$(cd "$ROOT" && ./gp yarn node -p process.execPath)" || {
  log "cannot find the project's Node through ./gp"
  exit 1
}

ensure_go() {
  if command -v go >/dev/null 2>&1; then
    return 0
  fi
  log "go not found: installing Debian's golang-go"
  if ! apt-get install -y golang-go >"$WORK/apt.log" 2>&1; then
    apt-get update >>"$WORK/apt.log" 2>&1 && apt-get install -y golang-go >>"$WORK/apt.log" 2>&1 || {
      tail -5 "$WORK/apt.log"
      return 1
    }
  fi
}

# smoke <dir> <logfile> <healthcheck command...> ; the service command is in SERVICE_CMD.
# Starts the service with PORT=0, reads the port from its "listening" log line, curls /healthz,
# runs the container healthcheck command against that port, then stops it with SIGTERM.
smoke() {
  local dir="$1" logfile="$2"
  shift 2
  (cd "$dir" && exec env -i PATH="$PATH" HOME="$WORK" PORT=0 HOST=127.0.0.1 PYTHONPATH=src "${SERVICE_CMD[@]}") >"$logfile" 2>&1 &
  SERVICE_PID=$!
  local port="" i
  for i in $(seq 1 100); do
    port="$(grep -o '"msg": *"listening"[^}]*"port": *[0-9]*' "$logfile" 2>/dev/null | grep -o '[0-9]*$' | head -1)"
    [ -n "$port" ] && break
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$port" ]; then
    step "service did not log its port"
    cat "$logfile"
    return 1
  fi
  local headers body
  headers="$(curl -fsS -D - -o "$WORK/body" --max-time 5 "http://127.0.0.1:$port/healthz")" || {
    step "GET /healthz failed"
    return 1
  }
  body="$(cat "$WORK/body")"
  if ! grep -q '"status": *"ok"' <<<"$body"; then
    step "unexpected /healthz body: $body"
    return 1
  fi
  if ! grep -qi '^x-content-type-options: nosniff' <<<"$headers"; then
    step "/healthz lacks the security headers"
    return 1
  fi
  step "GET /healthz on port $port: $body"
  if ! (cd "$dir" && env -i PATH="$PATH" PORT="$port" PYTHONPATH=src "$@"); then
    step "container healthcheck command failed"
    return 1
  fi
  step "healthcheck command exits 0"
  kill -TERM "$SERVICE_PID"
  local code=""
  for i in $(seq 1 100); do
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      wait "$SERVICE_PID"
      code=$?
      break
    fi
    sleep 0.1
  done
  SERVICE_PID=""
  if [ "$code" != "0" ]; then
    step "service did not stop cleanly on SIGTERM (exit ${code:-timeout})"
    return 1
  fi
  step "SIGTERM: clean exit"
}

build_node() {
  local dir="$1"
  # npm ci proves package-lock.json matches package.json; offline, since there are no dependencies.
  (cd "$dir" && PATH="$(dirname "$NODE_BIN"):$PATH" npm ci --ignore-scripts --offline --no-audit --no-fund \
    && "$NODE_BIN" --test) >"$WORK/node-test.log" 2>&1 || {
    cat "$WORK/node-test.log"
    return 1
  }
  step "npm ci, node --test: $(grep -E '^ℹ (pass|fail) ' "$WORK/node-test.log" | tr '\n' ' ')"
  SERVICE_CMD=("$NODE_BIN" src/server.js)
  smoke "$dir" "$WORK/node-service.log" "$NODE_BIN" src/health-check.js
}

build_python() {
  local dir="$1"
  (cd "$dir" && python3 -m compileall -q src tests && PYTHONPATH=src python3 -m unittest discover -s tests -t .) \
    >"$WORK/python-test.log" 2>&1 || {
    cat "$WORK/python-test.log"
    return 1
  }
  step "unittest: $(grep -E '^(Ran|OK|FAILED)' "$WORK/python-test.log" | tr '\n' ' ')"
  SERVICE_CMD=(python3 -m app)
  smoke "$dir" "$WORK/python-service.log" python3 -m app.healthcheck
}

build_go() {
  local dir="$1"
  ensure_go || return 1
  export GOCACHE="$WORK/gocache" GOPATH="$WORK/gopath" GOFLAGS=-mod=mod GOTOOLCHAIN=local
  local unformatted
  unformatted="$(cd "$dir" && gofmt -l .)"
  if [ -n "$unformatted" ]; then
    step "gofmt: unformatted files: $unformatted"
    return 1
  fi
  (cd "$dir" && go vet ./... && go test -count=1 ./... && CGO_ENABLED=0 go build -trimpath -o bin/server .) \
    >"$WORK/go-test.log" 2>&1 || {
    cat "$WORK/go-test.log"
    return 1
  }
  step "$(go version): vet, test ($(grep -E '^(ok|FAIL)' "$WORK/go-test.log" | tr '\n' ' ')), build"
  SERVICE_CMD=(./bin/server)
  smoke "$dir" "$WORK/go-service.log" ./bin/server -healthcheck
}

run_template() {
  local template="$1" ecosystem="$2" builder="$3"
  local out="$WORK/$template"
  log "== $template"
  "$NODE_BIN" "$HERE/check.mjs" --template "$ROOT/templates/$template" | sed 's/^/  - /'
  [ "${PIPESTATUS[0]}" -eq 0 ] || return 1
  (cd "$ROOT" && ./gp yarn node "$HERE/render.mjs" "$ROOT/templates/$template/skeleton" "$out" "$VALUES") \
    | sed 's/^/  - /' || return 1
  "$NODE_BIN" "$HERE/check.mjs" "$out" "$ecosystem" "marker-7f3c" | sed 's/^/  - /'
  [ "${PIPESTATUS[0]}" -eq 0 ] || return 1
  policy_check "$out" "$template" || return 1
  "$builder" "$out"
}

# The suite's own CEL policies (packages/policy) must accept what the template generates.
POLICY_BUNDLE=""
policy_check() {
  local dir="$1" template="$2"
  if [ ! -f "$ROOT/packages/policy/src/index.ts" ]; then
    step "policy: packages/policy not present, skipped"
    return 0
  fi
  if [ -z "$POLICY_BUNDLE" ]; then
    POLICY_BUNDLE="$WORK/policy.cjs"
    "$ROOT/node_modules/.bin/esbuild" "$ROOT/packages/policy/src/index.ts" --bundle \
      --platform=node --format=cjs --packages=external --log-level=error \
      --outfile="$POLICY_BUNDLE" || {
      step "policy: cannot bundle packages/policy"
      POLICY_BUNDLE=""
      return 1
    }
  fi
  # Run from the repository so the bundle's external packages resolve from node_modules.
  (cd "$ROOT" && NODE_PATH="$ROOT/node_modules" "$NODE_BIN" "$HERE/policy.mjs" "$POLICY_BUNDLE" \
    "$dir" "$template" "$VALUES") | sed 's/^/  - /'
  [ "${PIPESTATUS[0]}" -eq 0 ]
}

declare -A ECOSYSTEM=([node-service]=npm [python-service]=pip [go-service]=gomod)
declare -A BUILDER=([node-service]=build_node [python-service]=build_python [go-service]=build_go)

# The rule checker must itself catch every broken rule before its verdicts count.
log "== check.mjs self-test"
if "$NODE_BIN" --test "$HERE/check.test.mjs" >"$WORK/selftest.log" 2>&1; then
  log "  - $(grep -E '^ℹ (pass|fail) ' "$WORK/selftest.log" | tr '\n' ' ')"
else
  cat "$WORK/selftest.log"
  log "check.mjs self-test failed: the template checks cannot be trusted"
  log "templates: 0 passed, 0 failed"
  exit 1
fi

templates=("$@")
[ "${#templates[@]}" -eq 0 ] && templates=(node-service python-service go-service)
passed=0
failed=0
for template in "${templates[@]}"; do
  if [ -z "${ECOSYSTEM[$template]:-}" ]; then
    log "== $template: unknown template"
    failed=$((failed + 1))
    continue
  fi
  if run_template "$template" "${ECOSYSTEM[$template]}" "${BUILDER[$template]}"; then
    log "   PASS $template"
    passed=$((passed + 1))
  else
    log "   FAIL $template"
    failed=$((failed + 1))
  fi
done
log "templates: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
