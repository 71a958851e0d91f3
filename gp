#!/usr/bin/env bash
# Golden Path Security: the one entry point. Every command goes through the project's bootstrap
# (scripts/toolchain.sh), which brings Node 24 and Yarn 4 into .toolchain/ when the machine's Node
# is older than 22, then installs the workspace's dependencies when they changed.
#
#   ./gp start              the whole instance with demo data on SQLite (UI :3000, backend :7007)
#   ./gp start --postgres   the same instance on PostgreSQL (GOLDEN_PATH_POSTGRES_URL, default local)
#   ./gp test               every check and test: types, lint, format, unit + integration on
#                           SQLite and PostgreSQL, and the browser suite in Debian's chromium
#   ./gp yarn ...           any yarn command with the project's toolchain
set -euo pipefail
cd "$(dirname "$0")"
source scripts/toolchain.sh

export GOLDEN_PATH_POSTGRES_URL="${GOLDEN_PATH_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"

cmd="${1:-help}"
shift || true
case "$cmd" in
  start)
    configs=(--config "$GP_ROOT/app-config.yaml")
    pg=()
    for arg in "$@"; do
      case "$arg" in
        --postgres)
          configs+=(--config "$GP_ROOT/app-config.postgres.yaml")
          pg=(--postgres "$GOLDEN_PATH_POSTGRES_URL")
          ;;
        *) gp_fail "unknown option for start: $arg (known: --postgres)" ;;
      esac
    done
    gp_install_deps
    node scripts/preflight.mjs --ports 3000,7007 "${pg[@]}" || exit 1
    mkdir -p .data/sqlite
    # Demo scanner reports are uploaded once the backend answers, the way CI would (skipped when the
    # data is already there); progress goes to .data/seed-demo.log.
    (node scripts/seed-demo.mjs >.data/seed-demo.log 2>&1 &)
    exec yarn backstage-cli repo start "${configs[@]}"
    ;;
  test)
    gp_install_deps
    exec bash scripts/test-all.sh "$@"
    ;;
  yarn)
    exec yarn "$@"
    ;;
  help | --help | -h)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    ;;
  *)
    gp_fail "unknown command '$cmd'; try ./gp help"
    ;;
esac
