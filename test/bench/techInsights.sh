#!/usr/bin/env bash
# Tech Insights side by side (test/bench/techInsights.bench.ts): our posture-policy evaluation
# against Backstage Tech Insights' json-rules-engine checks on the same facts of 1,000 components.
# Prints a table per database; a missed target does not fail the run, different pass counts do.
#
#   bash test/bench/techInsights.sh                  SQLite and PostgreSQL (about a minute)
#   bash test/bench/techInsights.sh --db sqlite
#   bash test/bench/techInsights.sh --components 2000 --rounds 11
set -euo pipefail
cd "$(dirname "$0")/../.."
exec ./gp yarn node --require @backstage/cli/config/nodeTransform.cjs test/bench/techInsights.bench.ts "$@"
