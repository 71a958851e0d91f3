/*
 * The security-posture benchmark: prints figures, never fails on a missed target.
 *
 *   bash test/bench/run.sh [--quick] [--db sqlite,postgres]
 *
 * Exits non-zero on errors (a wrong ingest count, an unreachable database, a failed request).
 * Targets (issue #14, item 6; set in scenario.ts): first import at most 1.5x the raw batch insert,
 * unchanged reimport at most 10% of the first import, posture read at most 1.2x the catalog's
 * by-name read.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { DatabaseTarget, postgresTarget, sqliteTarget } from './databases';
import { BenchInputs, BenchSizes, runScenario } from './scenario';
import { generateSarif } from './sarif';
import { renderTable, runBenchmark, verdict } from './table';

/** Full sizes, as the issue asks. */
export const FULL_SIZES: BenchSizes = {
  results: 100_000,
  rules: 200,
  corpus: { components: 10_000, findingsPerComponent: 100 },
  rounds: 200,
  warmup: 20,
};

/** `--quick`: a fast check of the whole path. */
export const QUICK_SIZES: BenchSizes = {
  results: 10_000,
  rules: 200,
  corpus: { components: 1_000, findingsPerComponent: 100 },
  rounds: 200,
  warmup: 20,
};

const ENGINES = ['sqlite', 'postgres'] as const;
type Engine = (typeof ENGINES)[number];

/** Command-line options of the benchmark. */
export interface BenchOptions {
  quick: boolean;
  engines: Engine[];
  /** Overrides of the results of the big report and of the corpus components. */
  results?: number;
  components?: number;
  /** Also print statement timings and query plans of ingest and posture read. */
  explain: boolean;
}

function positiveInt(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${name} takes a positive integer; got '${value ?? ''}'`);
  }
  return n;
}

/** Parses `--quick` and `--db <list>`; throws on anything else. */
export function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    engines: [...ENGINES],
    explain: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') {
      options.quick = true;
    } else if (arg === '--explain') {
      options.explain = true;
    } else if (arg === '--results') {
      options.results = positiveInt(arg, argv[++i]);
    } else if (arg === '--components') {
      options.components = positiveInt(arg, argv[++i]);
    } else if (arg === '--db' || arg.startsWith('--db=')) {
      const value = arg === '--db' ? argv[++i] : arg.slice('--db='.length);
      const engines = (value ?? '').split(',').filter(Boolean);
      const unknown = engines.filter(e => !ENGINES.includes(e as Engine));
      if (engines.length === 0 || unknown.length > 0) {
        throw new Error(
          `--db takes a comma-separated list of ${ENGINES.join(', ')}; got '${
            value ?? ''
          }'`,
        );
      }
      options.engines = engines as Engine[];
    } else {
      throw new Error(
        `unknown argument '${arg}' (known: --quick, --db sqlite,postgres, --results N, --components N, --explain)`,
      );
    }
  }
  return options;
}

function loadAverage(): string {
  return os
    .loadavg()
    .map(n => n.toFixed(2))
    .join(' / ');
}

function log(line: string): void {
  process.stderr.write(
    `[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`,
  );
}

async function target(engine: Engine, runId: string): Promise<DatabaseTarget> {
  if (engine === 'sqlite') {
    return sqliteTarget();
  }
  const url =
    process.env.GOLDEN_PATH_POSTGRES_URL ??
    'postgresql://postgres@127.0.0.1:5432';
  return postgresTarget(url, runId);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const base = options.quick ? QUICK_SIZES : FULL_SIZES;
  const sizes: BenchSizes = {
    ...base,
    results: options.results ?? base.results,
    corpus: {
      ...base.corpus,
      components: options.components ?? base.corpus.components,
    },
  };
  const runId = randomBytes(4).toString('hex');
  const started = Date.now();

  const inputs: BenchInputs = {
    sizes,
    bigReport: generateSarif({
      results: sizes.results,
      rules: sizes.rules,
      seed: 1,
    }),
    typicalReport: generateSarif({
      results: sizes.corpus.findingsPerComponent,
      rules: 20,
      seed: 2,
    }),
  };

  const out: string[] = [
    '# security-posture benchmark',
    `mode: ${options.quick ? 'quick' : 'full'}; node ${process.version}; ${
      os.cpus().length
    } cores; ` +
      `${new Date().toISOString()}; load average at start ${loadAverage()}`,
    `big report: SARIF 2.1.0, ${sizes.results.toLocaleString(
      'en-US',
    )} results over ${sizes.rules} rules, ` +
      `${(inputs.bigReport.length / 1e6).toFixed(
        1,
      )} MB, one component (component:default/bench-big)`,
    `corpus: ${sizes.corpus.components.toLocaleString('en-US')} components x ` +
      `${sizes.corpus.findingsPerComponent} findings = ` +
      `${(
        sizes.corpus.components * sizes.corpus.findingsPerComponent
      ).toLocaleString('en-US')} rows; ` +
      `measured posture entity component:default/bench-typical (${sizes.corpus.findingsPerComponent} results, real ingest)`,
  ];
  let misses = 0;
  for (const engine of options.engines) {
    const db = await target(engine, runId);
    log(`${db.name}: ${db.where}`);
    try {
      const result = await runScenario(db, inputs, {
        explain: options.explain,
        log: line => log(`${db.name}: ${line}`),
      });
      misses += result.rows.filter(r => verdict(r) === 'MISS').length;
      out.push(
        '',
        renderTable(`${db.name} (${db.where})`, result.rows),
        `corpus built in ${(result.corpus.ms / 1000).toFixed(1)} s: ${
          result.corpus.method
        }`,
        ...result.notes,
      );
    } finally {
      await db.cleanup();
    }
  }
  out.push(
    '',
    `total ${((Date.now() - started) / 1000).toFixed(
      0,
    )} s; ${misses} target(s) missed ` +
      '(a benchmark: a MISS does not fail the run)',
    `load average at the end ${loadAverage()}: other processes on the machine compete for the ` +
      'same cores; every ratio compares figures of the same run, but a busy machine adds noise',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

runBenchmark('benchmark', main);
