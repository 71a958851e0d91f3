#!/usr/bin/env bash
# The scorecard benchmark (test/bench/scorecard.bench.ts): an organisation of 10,000 components in
# nested groups, its scorecards against the catalog's read of the same components; prints a table
# per database. A missed target does not fail the run; an error or a wrong count does.
#
#   bash test/bench/scorecard.sh                       SQLite and PostgreSQL, 10,000 components
#   bash test/bench/scorecard.sh --db sqlite
#   bash test/bench/scorecard.sh --components 1000     a smaller organisation
#   bash test/bench/scorecard.sh --rounds 10 --warmup 2
set -euo pipefail
cd "$(dirname "$0")/../.."
exec ./gp yarn node --require @backstage/cli/config/nodeTransform.cjs test/bench/scorecard.bench.ts "$@"
