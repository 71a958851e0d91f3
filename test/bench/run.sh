#!/usr/bin/env bash
# Runs the security-posture benchmark (prints a table per database; a missed target does not fail
# the run, an error does). From the repo root, after `./gp test` (or any `./gp`) installed deps:
#
#   bash test/bench/run.sh            full sizes on SQLite and PostgreSQL (about 10 minutes)
#   bash test/bench/run.sh --quick    10k results / 1k components, for a fast check
#   bash test/bench/run.sh --db sqlite
#
# PostgreSQL: GOLDEN_PATH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432) with CREATEDB;
# the run creates and drops its own golden_path_bench_<run>_* databases.
set -euo pipefail
cd "$(dirname "$0")/../.."
# TypeScript runs through @backstage/cli's node transform (swc), as `backstage-cli` runs backends.
exec ./gp yarn node --require @backstage/cli/config/nodeTransform.cjs test/bench/posture.bench.ts "$@"
