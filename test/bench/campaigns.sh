#!/usr/bin/env bash
# The campaigns benchmark (test/bench/campaigns.bench.ts, issue #17): a fleet of 10,000 components
# with 20 live campaigns of mixed goals (policy CEL expressions, template version, no open finding
# matching a rule or package) whose scopes hold every component; one ingest of a real report with
# and without the campaign evaluation after it, and the daily evaluation of the 20 campaigns
# against one read of the 10,000 postures; prints a table per database. A missed target does not
# fail the run; an error or a wrong answer does.
#
#   bash test/bench/campaigns.sh                       SQLite and PostgreSQL, 10,000 components
#   bash test/bench/campaigns.sh --quick               1,000 components, fewer rounds (a smoke run)
#   bash test/bench/campaigns.sh --db postgres --components 5000 --rounds 9
set -euo pipefail
cd "$(dirname "$0")/../.."
exec ./gp yarn node --require @backstage/cli/config/nodeTransform.cjs test/bench/campaigns.bench.ts "$@"
