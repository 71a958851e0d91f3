#!/usr/bin/env bash
# The inventory benchmark (test/bench/inventory.bench.ts, issue #16): a fleet of 10,000 components
# x 500 packages, its fleet search against the catalog's by-name read, the advisory refresh of a
# new advisory affecting 1% of the fleet, an unchanged refresh, and an unchanged SBOM reimport
# against its first import; prints a table per database. A missed target does not fail the run;
# an error or a wrong answer does.
#
#   bash test/bench/inventory.sh                       SQLite and PostgreSQL, 10,000 x 500
#   bash test/bench/inventory.sh --quick               300 x 100, under a minute per engine (a smoke run)
#   bash test/bench/inventory.sh --db postgres --components 2000 --packages 200 --rounds 50
#   bash test/bench/inventory.sh --explain             plus the plans of the search statement
set -euo pipefail
cd "$(dirname "$0")/../.."
exec ./gp yarn node --require @backstage/cli/config/nodeTransform.cjs test/bench/inventory.bench.ts "$@"
