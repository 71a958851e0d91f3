/*
 * Tech Insights side by side (issue #14): our posture-policy evaluation against Backstage Tech
 * Insights (`@backstage-community/plugin-tech-insights-backend` and its json-rules-engine fact
 * checker, from the npm registry) on the same facts of 1,000 components and ten equivalent checks.
 * Prints figures and ratios against Tech Insights measured in the same run; a missed target prints
 * MISS and does not fail the run. A pass count that differs between the two sides (or from the
 * facts) is an error and does.
 *
 *   bash test/bench/techInsights.sh [--db sqlite,postgres] [--components N] [--rounds N]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { DatabaseTarget, postgresTarget, sqliteTarget } from './databases';
import { interleavedLatencies, LatencyStats } from './measure';
import {
  FigureRow,
  formatMs,
  renderTable,
  runBenchmark,
  verdict,
} from './table';
import { BenchCheck, benchChecks, policyYaml } from './techInsights/checks';
import { ComponentFactSet, generateFacts } from './techInsights/facts';
import { EntityResults, OurSide } from './techInsights/ours';
import { TheirSide } from './techInsights/theirs';

const ENGINES = ['sqlite', 'postgres'] as const;
type Engine = (typeof ENGINES)[number];

interface Options {
  engines: Engine[];
  components: number;
  /** Timed rounds of the bulk runs (after one untimed); the one-entity runs take 10x as many. */
  rounds: number;
}

/** Ours at most 10% of Tech Insights' time: at least 10x faster. */
const TARGET = 0.1;

function positiveInt(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${name} takes a positive integer; got '${value ?? ''}'`);
  }
  return n;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    engines: [...ENGINES],
    components: 1000,
    rounds: 7,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--components') {
      options.components = positiveInt(arg, argv[++i]);
    } else if (arg === '--rounds') {
      options.rounds = positiveInt(arg, argv[++i]);
    } else if (arg === '--db' || arg.startsWith('--db=')) {
      const value = arg === '--db' ? argv[++i] : arg.slice('--db='.length);
      const engines = (value ?? '').split(',').filter(Boolean);
      if (
        engines.length === 0 ||
        engines.some(e => !ENGINES.includes(e as Engine))
      ) {
        throw new Error(
          `--db takes a comma-separated list of ${ENGINES.join(', ')}; got '${
            value ?? ''
          }'`,
        );
      }
      options.engines = engines as Engine[];
    } else {
      throw new Error(
        `unknown argument '${arg}' (known: --db sqlite,postgres, --components N, --rounds N)`,
      );
    }
  }
  return options;
}

function log(line: string): void {
  process.stderr.write(
    `[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`,
  );
}

const loadAverage = () =>
  os
    .loadavg()
    .map(n => n.toFixed(2))
    .join(' / ');

function target(engine: Engine, runId: string): Promise<DatabaseTarget> {
  if (engine === 'sqlite') return sqliteTarget();
  return postgresTarget(
    process.env.GOLDEN_PATH_POSTGRES_URL ??
      'postgresql://postgres@127.0.0.1:5432',
    `ti${runId}`,
  );
}

/** Passing components per check. */
function passCounts(
  checks: BenchCheck[],
  results: EntityResults,
): Map<string, number> {
  const counts = new Map(checks.map(c => [c.id, 0]));
  for (const byCheck of results.values()) {
    for (const [id, pass] of byCheck) {
      if (pass) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Checks both sides against the facts: every check of every component. Returns the pass-count
 * table and the problems (empty when both agree with the facts everywhere).
 */
function compare(
  checks: BenchCheck[],
  facts: ComponentFactSet[],
  ours: EntityResults,
  theirs: EntityResults,
): { table: string; problems: string[] } {
  const problems: string[] = [];
  for (const [name, results] of [
    ['ours', ours],
    ['Tech Insights', theirs],
  ] as const) {
    if (results.size !== facts.length) {
      problems.push(
        `${name} answered for ${results.size} components, expected ${facts.length}`,
      );
    }
  }
  const oracle = new Map(checks.map(c => [c.id, 0]));
  const disagreements = new Map(checks.map(c => [c.id, 0]));
  for (const c of facts) {
    for (const check of checks) {
      const expected = check.oracle(c);
      if (expected) oracle.set(check.id, oracle.get(check.id)! + 1);
      const a = ours.get(c.entityRef)?.get(check.id);
      const b = theirs.get(c.entityRef)?.get(check.id);
      if (a !== expected || b !== expected) {
        disagreements.set(check.id, disagreements.get(check.id)! + 1);
        if (problems.length < 20) {
          problems.push(
            `${c.entityRef} ${check.id}: facts say ${expected}, ours ${a}, Tech Insights ${b}`,
          );
        }
      }
    }
  }
  const ourCounts = passCounts(checks, ours);
  const theirCounts = passCounts(checks, theirs);
  const rows = checks.map(c => [
    c.id,
    String(ourCounts.get(c.id)),
    String(theirCounts.get(c.id)),
    String(oracle.get(c.id)),
    ourCounts.get(c.id) === theirCounts.get(c.id) &&
    theirCounts.get(c.id) === oracle.get(c.id) &&
    disagreements.get(c.id) === 0
      ? 'same'
      : `DIFFERENT (${disagreements.get(c.id)} components)`,
  ]);
  const header = ['check', 'ours', 'Tech Insights', 'facts', 'per component'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => r[i].length)),
  );
  const line = (r: string[]) =>
    `| ${r.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  const table = [
    `passing components per check (of ${facts.length.toLocaleString(
      'en-US',
    )}):`,
    line(header),
    `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
  return { table, problems };
}

function row(
  figure: string,
  ours: LatencyStats,
  theirs: LatencyStats,
): FigureRow {
  return {
    figure,
    value: `${formatMs(ours.median)} (p95 ${formatMs(ours.p95)})`,
    baseline: `${formatMs(theirs.median)} (p95 ${formatMs(theirs.p95)})`,
    ratio: ours.median / theirs.median,
    ratioAsPercent: true,
    target: TARGET,
  };
}

async function runEngine(
  db: DatabaseTarget,
  facts: ComponentFactSet[],
  checks: BenchCheck[],
  options: Options,
  now: string,
): Promise<{ out: string[]; misses: number }> {
  const policyDirectory = await mkdtemp(
    join(os.tmpdir(), 'golden-path-ti-policies-'),
  );
  let ours: OurSide | undefined;
  let theirs: TheirSide | undefined;
  try {
    await writeFile(
      join(policyDirectory, 'tech-insights-bench.yaml'),
      policyYaml(checks),
    );
    const created = await OurSide.create({
      target: db,
      facts,
      checks,
      policyDirectory,
      now,
    });
    ours = created.side;
    log(`${db.name}: our postures stored in ${created.loadMs} ms`);
    const problems: string[] = [];
    const built = await TheirSide.create({
      target: db,
      facts,
      checks,
      problems,
    });
    theirs = built.side;
    log(`${db.name}: Tech Insights facts stored in ${built.loadMs} ms`);

    // the same answers first: every check of every component, against the facts
    const verdicts = compare(
      checks,
      facts,
      await ours.evaluateAll(),
      await theirs.runAll(),
    );
    if (problems.length > 0) {
      verdicts.problems.push(...problems.map(p => `logged: ${p}`));
    }
    if (verdicts.problems.length > 0) {
      process.stdout.write(`${verdicts.table}\n`);
      throw new Error(
        `${
          db.name
        }: the two sides do not give the same results:\n  ${verdicts.problems.join(
          '\n  ',
        )}`,
      );
    }
    log(`${db.name}: pass counts agree; timing the bulk runs`);

    const o = ours;
    const t = theirs;
    const bulk = await interleavedLatencies(
      {
        ours: async () => {
          await o.evaluateAll();
        },
        theirs: async () => {
          await t.runAll();
        },
        oursRead: async () => {
          await o.readAll();
        },
      },
      { warmup: 1, rounds: options.rounds },
    );
    log(`${db.name}: timing one entity's checks`);
    // the middle component, the same one every round
    const one = facts[Math.floor(facts.length / 2)].entityRef;
    const single = await interleavedLatencies(
      {
        ours: async () => {
          await o.evaluateOne(one);
        },
        theirs: async () => {
          await t.runOne(one);
        },
        oursRead: async () => {
          await o.readOne(one);
        },
      },
      { warmup: 20, rounds: options.rounds * 30 },
    );
    const n = facts.length.toLocaleString('en-US');
    const rows = [
      row(
        `all ${checks.length} checks x ${n} components`,
        bulk.ours,
        bulk.theirs,
      ),
      row(
        `one component's ${checks.length} checks (${one})`,
        single.ours,
        single.theirs,
      ),
    ];
    const info = (figure: string, stats: LatencyStats): FigureRow => ({
      figure,
      value: `${formatMs(stats.median)} (p95 ${formatMs(stats.p95)})`,
      baseline: '-',
      ratio: undefined,
      target: undefined,
    });
    const breakdown = [
      info('  of which ours reads the stored postures', bulk.oursRead),
      info('  of which ours reads the stored posture', single.oursRead),
    ];
    const speedups = rows.map(
      r =>
        `${r.figure}: ours ${(1 / r.ratio!).toFixed(1)}x faster (${verdict(
          r,
        )} against >= ${1 / TARGET}x)`,
    );
    return {
      out: [
        '',
        renderTable(
          `${db.name} (${db.where}): ours = value, Tech Insights = baseline`,
          [rows[0], breakdown[0], rows[1], breakdown[1]],
        ),
        ...speedups,
        `medians of ${options.rounds} bulk rounds and ${
          options.rounds * 30
        } one-entity rounds, interleaved, after untimed warm-up; ` +
          `facts stored: ours ${created.loadMs} ms (one transaction through DatabasePostureStore), ` +
          `Tech Insights ${built.loadMs} ms (its FactRetrieverEngine, one triggered run)`,
        verdicts.table,
      ],
      misses: rows.filter(r => verdict(r) === 'MISS').length,
    };
  } finally {
    await ours?.close();
    await theirs?.close();
    await rm(policyDirectory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  // whole minutes, so the facts and the 7-day cutoff are exact in every database
  const nowMs = Math.floor(started / 60_000) * 60_000;
  const now = new Date(nowMs).toISOString();
  const cutoff = new Date(nowMs - 7 * 86_400_000).toISOString();
  const facts = generateFacts({
    components: options.components,
    seed: 14,
    now: nowMs,
  });
  const checks = benchChecks(cutoff);
  const runId = randomBytes(4).toString('hex');
  const out: string[] = [
    '# Tech Insights side by side',
    `node ${process.version}; ${os.cpus().length} cores; ${new Date(
      started,
    ).toISOString()}; load average at start ${loadAverage()}`,
    `${options.components.toLocaleString('en-US')} components, seeded facts ` +
      '(open findings by severity, overdue findings, scanners present, Scorecard checks, ' +
      `template currency, last scan), ${checks.length} checks; ` +
      'ours: the stored postures (DatabasePostureStore) + servePosture + PosturePolicies.evaluate (CEL); ' +
      'Tech Insights: @backstage-community/plugin-tech-insights-backend + its json-rules-engine fact checker, ' +
      'the bulk run of POST /checks/run in process (100 entities at once)',
    `target: ours at most ${TARGET * 100}% of Tech Insights' time (>= ${
      1 / TARGET
    }x faster)`,
  ];
  let misses = 0;
  for (const engine of options.engines) {
    const db = await target(engine, runId);
    log(`${db.name}: ${db.where}`);
    try {
      const result = await runEngine(db, facts, checks, options, now);
      out.push(...result.out);
      misses += result.misses;
    } finally {
      await db.cleanup();
    }
  }
  out.push(
    '',
    `total ${((Date.now() - started) / 1000).toFixed(
      0,
    )} s; ${misses} target(s) missed (a benchmark: a MISS does not fail the run); ` +
      `load average at the end ${loadAverage()}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

runBenchmark('benchmark', main);
