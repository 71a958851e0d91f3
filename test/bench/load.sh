#!/usr/bin/env bash
# The loopback load benchmark (test/bench/load.bench.ts): prints a table per database; a missed
# target does not fail the run, an error (a 5xx, an incomplete upload) does.
#
#   bash test/bench/load.sh               SQLite and PostgreSQL (about 3 minutes)
#   bash test/bench/load.sh --db sqlite
#   bash test/bench/load.sh --seconds 5
set -euo pipefail
cd "$(dirname "$0")/../.."
exec ./gp yarn node --require @backstage/cli/config/nodeTransform.cjs test/bench/load.bench.ts "$@"
