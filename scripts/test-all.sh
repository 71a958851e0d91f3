#!/usr/bin/env bash
# Every check and test of the suite, in the order that fails fastest. Run through `./gp test`.
set -uo pipefail
source "$(dirname "$0")/toolchain.sh"
cd "$GP_ROOT"

export CI=true
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${GOLDEN_PATH_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"
mkdir -p test-results

declare -a summary=()
failed=0
step() {
  local name="$1"
  shift
  local start=$SECONDS
  echo
  echo "=== $name"
  if "$@"; then
    summary+=("ok    $(printf '%4ss' $((SECONDS - start)))  $name")
  else
    summary+=("FAIL  $(printf '%4ss' $((SECONDS - start)))  $name")
    failed=1
  fi
}

ensure_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  echo "golden-path: installing Debian's chromium for the browser suite (once)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || { echo "golden-path: could not install chromium with apt-get" >&2; return 1; }
}

# PostgreSQL is part of every test run: a missing server fails the run, it is never skipped.
node scripts/preflight.mjs --postgres "$BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING" || exit 1
ensure_chromium || exit 1

# The install test's first phases (create a Backstage app, its first `yarn install`) wait mostly on
# the npm registry: they run in the background from here, beside the checks and the jest suite, and
# the install test step goes on from them (test/install/run.sh --prepare; docs/install-test.md).
install_work="$(mktemp -d "${TMPDIR:-/tmp}/golden-path-install-XXXXXX")"
GP_INSTALL_DIR="$install_work" bash test/install/run.sh --prepare >"$install_work/prepare.log" 2>&1 &
install_prepare_pid=$!
trap 'kill "$install_prepare_pid" 2>/dev/null || true' EXIT
install_test() {
  local prepared=0
  wait "$install_prepare_pid" && prepared=1
  sed 's/^/  [prepared beside the tests] /' "$install_work/prepare.log"
  [ "$prepared" = 1 ] || { echo "the install test's preparation failed (above)" >&2; return 1; }
  GP_INSTALL_DIR="$install_work" bash test/install/run.sh || return 1
  rm -rf "$install_work"
}

step "OpenAPI generated files match the spec" node scripts/generate-openapi.mjs --check
step "type check (tsc)" yarn tsc
# Every published package: the TypeScript API of each library and plugin, and the CLI's commands
# and options (cli-report.md, from its help pages; a help section repo-tools does not know must
# not end its heading with a colon, so the CLI's environment and exit-code sections do not). The two omitted
# messages are the ones Backstage's community plugins omit. Three packages are allowed warnings
# (forgotten exports of generated or unexported types); each warning is written in the report, so a
# new one still changes the report and fails.
step "API and SQL reports are current" \
  yarn backstage-repo-tools api-reports --ci -o ae-wrong-input-file-type,ae-undocumented --validate-release-tags \
  --allow-warnings plugins/security-posture-common,plugins/scaffolder-backend-module-golden-path,packages/template-upgrade \
  --sql-reports plugins/security-posture-backend plugins/security-posture-common plugins/security-posture-node \
  plugins/security-posture plugins/scaffolder-backend-module-golden-path packages/policy packages/template-upgrade \
  packages/cli
step "layer rules and import cycles (dependency-cruiser)" yarn deps:check
step "lint" yarn backstage-cli repo lint
step "unused exports and files (knip)" yarn knip
step "format (prettier --check)" yarn prettier --check --loglevel warn .
# Two workers: jest's default (cores - 1) leaves one of this machine's two cores idle; with two the
# suite takes 185 s instead of 330 s here.
step "unit and integration tests (jest; SQLite and PostgreSQL)" \
  yarn backstage-cli repo test --maxWorkers=2 --json --outputFile="$GP_ROOT/test-results/jest.json"
step "generated services build and pass their own tests (templates)" bash test/templates/build-generated.sh
step "build the app for the browser suite" yarn workspace app build
step "browser suite (Playwright + chromium)" yarn playwright test
# Packs every published package and installs the tarballs into a fresh Backstage app made by
# @backstage/create-app, with the README's install lines; then checks it in chromium (docs/install-test.md).
step "install the packed tarballs into a fresh Backstage app" install_test

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
node scripts/test-summary.mjs
exit $failed
