/*
 * Loopback load on one backend (issue #14, benchmarks): concurrent posture and findings reads at 10
 * and 50 connections (autocannon), one upload timed alone and under 50 connections of findings
 * reads, and concurrent uploads for 10 components, on SQLite and PostgreSQL. Prints figures; a
 * missed target does not fail the run, an error (a 5xx, an incomplete upload) does.
 *
 *   bash test/bench/load.sh                 both databases
 *   bash test/bench/load.sh --db sqlite     one engine
 *   bash test/bench/load.sh --seconds 5     shorter load phases
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import autocannon from 'autocannon';
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { BenchBackend, startBenchBackend } from './backend';
import { writeCatalogFile } from './catalogFile';
import { DatabaseTarget, postgresTarget, sqliteTarget } from './databases';
import { latencyStats, timed } from './measure';
import { generateSarif } from './sarif';
import { formatMs, FigureRow, renderTable } from './table';

const COMPONENTS = Array.from(
  { length: 10 },
  (_, i) => `load-${String(i).padStart(2, '0')}`,
);
const RESULTS = 1000;
const USER = mockCredentials.user.header();

/** Two reports of one tool that differ (so every upload has real work: fixed and reopened). */
const REPORTS = [
  generateSarif({ results: RESULTS, rules: 50, seed: 1 }),
  generateSarif({ results: RESULTS, rules: 50, seed: 2 }),
];

interface LoadFigures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(
  url: string,
  connections: number,
  seconds: number,
): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: USER },
    // the connections run in a worker thread: on the backend's own event loop, the load
    // generator's HTTP work would be counted against every request the backend serves
    workers: 1,
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function upload(backend: BenchBackend, name: string, round: number) {
  return backend.postReport(
    `entityRef=component:default/${name}`,
    REPORTS[round % 2],
  );
}

const say = (text: string) => process.stderr.write(`load: ${text}\n`);

async function scenario(target: DatabaseTarget, seconds: number) {
  const catalog = await writeCatalogFile(COMPONENTS);
  const backend = await startBenchBackend({
    database: target.config,
    catalogFile: catalog.file,
    reportsFor: COMPONENTS.map(c => `component:default/${c}`),
  });
  try {
    // the catalog has to know the components before they can be reported for
    const deadline = Date.now() + 60_000;
    for (const name of COMPONENTS) {
      for (;;) {
        try {
          await upload(backend, name, 0);
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise(r => setTimeout(r, 500));
        }
      }
    }
    say(`${target.name}: ${COMPONENTS.length} components seeded`);
    const posture = `${backend.baseUrl}/api/security-posture/v1/entities/component/default/load-00/posture`;
    const findings = `${backend.baseUrl}/api/security-posture/v1/entities/component/default/load-01/findings?limit=50&sort=severity`;

    // one upload alone (alternating reports: each one fixes and reopens)
    const alone: number[] = [];
    for (let round = 1; round <= 6; round++) {
      alone.push((await timed(() => upload(backend, 'load-02', round))).ms);
    }
    const aloneStats = latencyStats(alone.slice(1));
    say(`upload alone: ${formatMs(aloneStats.median)}`);

    const reads: Record<string, LoadFigures> = {};
    for (const connections of [10, 50]) {
      reads[`posture ${connections}`] = await load(
        posture,
        connections,
        seconds,
      );
      reads[`findings ${connections}`] = await load(
        findings,
        connections,
        seconds,
      );
    }

    // an upload while 50 connections read findings pages
    const underLoad: number[] = [];
    const reading = load(findings, 50, seconds + 4);
    await new Promise(r => setTimeout(r, 1000));
    for (let round = 7; round <= 9; round++) {
      underLoad.push((await timed(() => upload(backend, 'load-02', round))).ms);
    }
    const background = await reading;
    const underStats = latencyStats(underLoad);

    say('concurrent uploads');
    // concurrent uploads, 10 components, 3 rounds
    const concurrent = await timed(async () => {
      for (let round = 1; round <= 3; round++) {
        await Promise.all(COMPONENTS.map(name => upload(backend, name, round)));
      }
    });
    // every upload complete: each component's open findings are what its last report says
    for (const name of COMPONENTS) {
      const page = (await backend.getJson(
        `/api/security-posture/v1/entities/component/default/${name}/findings?status=open&limit=1`,
      )) as { totalCount: number };
      if (page.totalCount !== RESULTS) {
        throw new Error(
          `${name} has ${page.totalCount} open findings after its uploads, not ${RESULTS}`,
        );
      }
    }
    const serverErrors = Object.values(reads)
      .concat(background)
      .reduce((n, f) => n + f.non2xx + f.errors, 0);
    if (serverErrors > 0) {
      throw new Error(`${serverErrors} non-2xx answers or errors under load`);
    }

    const rows: FigureRow[] = [];
    for (const [name, f] of Object.entries(reads)) {
      rows.push({
        figure: `${name} connections: req/s, p50 / p99`,
        value: `${Math.round(f.perSecond)}/s, ${formatMs(f.p50)} / ${formatMs(
          f.p99,
        )}`,
        baseline: `${f.requests} requests, 0 non-2xx`,
        ratio: f.p99 / Math.max(f.p50, 1),
        // findings pages at 50 connections: p99 within 10x p50
        target: name === 'findings 50' ? 10 : undefined,
      });
    }
    rows.push({
      figure: `upload of ${RESULTS} results under 50 findings readers`,
      value: formatMs(underStats.median),
      baseline: `${formatMs(aloneStats.median)} alone`,
      ratio: underStats.median / aloneStats.median,
      target: 3,
    });
    rows.push({
      figure: '30 uploads, 10 components at once (3 rounds)',
      value: formatMs(concurrent.ms),
      baseline: `${formatMs(aloneStats.median * 30)} (30 x alone)`,
      ratio: concurrent.ms / (aloneStats.median * 30),
      target: undefined,
    });
    return renderTable(`${target.name} (${target.where})`, rows);
  } finally {
    await backend.stop();
    await rm(catalog.directory, { recursive: true, force: true });
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite,postgres' },
      seconds: { type: 'string', default: '10' },
    },
  });
  const seconds = Number(values.seconds);
  const url =
    process.env.GOLDEN_PATH_POSTGRES_URL ??
    'postgresql://postgres@127.0.0.1:5432';
  const runId = Date.now().toString(36);
  for (const engine of values.db!.split(',')) {
    const target =
      engine === 'sqlite'
        ? await sqliteTarget()
        : await postgresTarget(url, runId);
    try {
      process.stdout.write(`${await scenario(target, seconds)}\n\n`);
    } finally {
      await target.cleanup();
    }
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
