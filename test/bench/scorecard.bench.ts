/*
 * Scorecards of a whole organisation (issue #14, benchmarks): an organisation of 10,000 components
 * in nested groups (1 root group, 10 departments, 100 teams), 200 systems and 10 domains, read by
 * the real catalog from a YAML file, every component with a posture (loaded straight into the
 * plugin's tables), on SQLite and PostgreSQL. Times the scorecards an engineering lead's page
 * loads (`GET /v1/scorecards?groupBy=owner`, and the system and domain tabs) against the catalog's
 * own read of the same components (`by-query` pages of 500, as the catalog client streams them).
 * Prints figures; a missed target does not fail the run, an error or a wrong count does.
 *
 *   bash test/bench/scorecard.sh                       both databases, 10,000 components
 *   bash test/bench/scorecard.sh --db sqlite --components 1000
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchBackend, startBenchBackend } from './backend';
import { loadCorpus } from './corpus';
import { DatabaseTarget, postgresTarget, sqliteTarget } from './databases';
import { captureQueries, summarizeQueries } from './diagnose';
import { request } from './http';
import { interleavedLatencies, LatencyStats, timed } from './measure';
import {
  completeCorpusPostures,
  componentName,
  orgShape,
  OrgShape,
  ROOT_GROUP,
  writeOrgCatalogFile,
} from './orgCatalog';
import { profileCalls } from './profile';
import { generateSarif } from './sarif';
import {
  FigureRow,
  formatMs,
  renderTable,
  runBenchmark,
  totalLine,
  verdict,
} from './table';

const ENGINES = ['sqlite', 'postgres'] as const;
type Engine = (typeof ENGINES)[number];

/** Findings per corpus component: the scorecards never read findings, the tables hold them. */
const FINDINGS_PER_COMPONENT = 20;
/** Days of the scorecards' trend sparkline (ScorecardService's TREND_DAYS). */
const TREND_DAYS = 14;
/** The catalog client's streamEntities page size (DEFAULT_STREAM_ENTITIES_LIMIT). */
const PAGE = 500;
/** What the plugin asks the catalog for when it loads the organisation (CatalogFacts.loadOrg). */
const ORG_READ =
  '/api/catalog/entities?filter=kind=component,kind=group,kind=system,kind=domain' +
  [
    'kind',
    'metadata.name',
    'metadata.namespace',
    'metadata.title',
    'metadata.annotations',
    'spec.lifecycle',
    'spec.owner',
    'spec.system',
    'spec.domain',
    'relations',
  ]
    .map(f => `&fields=${encodeURIComponent(f)}`)
    .join('');
const SERVICE = mockCredentials.service.header();

type GroupBy = 'owner' | 'system' | 'domain';
const GROUP_BYS: GroupBy[] = ['owner', 'system', 'domain'];
const scorecardPath = (groupBy: GroupBy) =>
  `/api/security-posture/v1/scorecards?groupBy=${groupBy}`;

interface ScorecardItem {
  entityRef: string;
  grade: string | null;
  score: number | null;
  coverage: { scanned: number; total: number };
}

function log(line: string): void {
  process.stderr.write(
    `[scorecard ${new Date().toISOString().slice(11, 19)}] ${line}\n`,
  );
}

function options() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: ENGINES.join(',') },
      components: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      // a CPU profile of 5 groupBy=owner scorecards, summarised, and written to this folder
      profile: { type: 'string' },
    },
  });
  const engines = (values.db ?? '').split(',').filter(Boolean);
  if (
    engines.length === 0 ||
    engines.some(e => !ENGINES.includes(e as Engine))
  ) {
    throw new Error(
      `--db takes a comma-separated list of ${ENGINES.join(', ')}; got '${
        values.db
      }'`,
    );
  }
  const int = (name: string, value: string | undefined, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new Error(`--${name} takes an integer from 1 to ${max}`);
    }
    return n;
  };
  return {
    engines: engines as Engine[],
    // corpus names have five digits
    components: int('components', values.components, 99_999),
    rounds: int('rounds', values.rounds, 10_000),
    warmup: int('warmup', values.warmup, 10_000),
    profile: values.profile,
  };
}

async function scorecards(
  backend: BenchBackend,
  groupBy: GroupBy,
): Promise<ScorecardItem[]> {
  const answer = (await backend.getJson(scorecardPath(groupBy))) as {
    items: ScorecardItem[];
  };
  return answer.items;
}

/** Reads every component through the catalog's by-query API, page by page; returns the count. */
async function catalogRead(backend: BenchBackend): Promise<number> {
  let read = 0;
  let cursor: string | undefined;
  do {
    const page = (await backend.getJson(
      cursor
        ? `/api/catalog/entities/by-query?cursor=${encodeURIComponent(
            cursor,
          )}&limit=${PAGE}`
        : `/api/catalog/entities/by-query?filter=kind=component&limit=${PAGE}`,
    )) as { items: unknown[]; pageInfo: { nextCursor?: string } };
    read += page.items.length;
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
  return read;
}

/** The plugin's own catalog call (what loadOrg sends, with service credentials); returns the count. */
async function orgRead(backend: BenchBackend): Promise<number> {
  const res = await request(`${backend.baseUrl}${ORG_READ}`, {
    method: 'GET',
    headers: { Authorization: SERVICE },
  });
  if (res.status !== 200) {
    throw new Error(`GET ${ORG_READ} answered ${res.status}`);
  }
  return (JSON.parse(res.text) as unknown[]).length;
}

/** Waits until the catalog has processed and stitched the whole organisation. */
async function waitForOrg(
  backend: BenchBackend,
  shape: OrgShape,
): Promise<void> {
  const start = Date.now();
  for (;;) {
    const items = await scorecards(backend, 'owner');
    const root = items.find(i => i.entityRef === ROOT_GROUP);
    const done = root?.coverage.total ?? 0;
    if (done === shape.components) {
      return;
    }
    if (Date.now() - start > 20 * 60_000) {
      throw new Error(
        `the catalog did not stitch the organisation within 20 minutes (${done} components)`,
      );
    }
    log(
      `waiting for the catalog: ${done} of ${shape.components} components in the root group's roll-up`,
    );
    await new Promise(resolve => setTimeout(resolve, 10_000));
  }
}

/** Fails the run unless every scorecard grades exactly the organisation's components. */
async function checkScorecards(
  backend: BenchBackend,
  shape: OrgShape,
): Promise<string> {
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`scorecard check failed: ${what}`);
  };
  const owners = await scorecards(backend, 'owner');
  expect(
    owners.length === 1 + shape.departments + shape.teams,
    `${owners.length} group rows, expected ${
      1 + shape.departments + shape.teams
    }`,
  );
  const root = owners.find(i => i.entityRef === ROOT_GROUP);
  expect(
    root?.coverage.total === shape.components &&
      root.coverage.scanned === shape.components,
    `root group covers ${JSON.stringify(root?.coverage)}, expected ${
      shape.components
    } scanned`,
  );
  expect(
    owners.every(i => i.grade !== null && i.score !== null),
    'a group has no grade',
  );
  const teamTotal = owners
    .filter(i => i.entityRef.startsWith('group:default/bench-team-'))
    .reduce((sum, i) => sum + i.coverage.total, 0);
  expect(teamTotal === shape.components, `teams cover ${teamTotal} components`);
  for (const [groupBy, count] of [
    ['system', shape.systems],
    ['domain', shape.domains],
  ] as const) {
    const items = await scorecards(backend, groupBy);
    const total = items.reduce((sum, i) => sum + i.coverage.total, 0);
    expect(
      items.length === count && total === shape.components,
      `${items.length} ${groupBy} rows covering ${total} components, expected ${count} covering ${shape.components}`,
    );
    expect(
      items.every(i => i.grade !== null),
      `a ${groupBy} has no grade`,
    );
  }
  const catalogCount = await catalogRead(backend);
  expect(
    catalogCount === shape.components,
    `the catalog read ${catalogCount} components`,
  );
  return (
    `checked: root ${ROOT_GROUP} grade ${root?.grade} (score ${root?.score}) over ` +
    `${root?.coverage.total} components; ${owners.length} groups, ${shape.systems} systems, ` +
    `${shape.domains} domains, every one graded; the catalog read returns ${catalogCount} components`
  );
}

const text = (s: LatencyStats) =>
  `median ${formatMs(s.median)}, p95 ${formatMs(s.p95)}`;

async function runOne(
  target: DatabaseTarget,
  shape: OrgShape,
  sizes: { rounds: number; warmup: number; profile?: string },
): Promise<{ rows: FigureRow[]; notes: string[] }> {
  const catalog = await writeOrgCatalogFile(shape);
  const template = `component:default/${componentName(0)}`;
  let backend: BenchBackend | undefined;
  try {
    const started = await timed(() =>
      startBenchBackend({
        database: target.config,
        catalogFile: catalog.file,
        reportsFor: [template],
        catalogKinds: ['Component', 'Group', 'System', 'Domain'],
      }),
    );
    const running = started.value;
    backend = running;
    log(`backend up in ${formatMs(started.ms)}`);

    const db = running.postureDb;
    const corpus = await loadCorpus(db, {
      components: shape.components,
      findingsPerComponent: FINDINGS_PER_COMPONENT,
    });
    log(`corpus: ${corpus.findings} findings in ${formatMs(corpus.ms)}`);

    // A real ingest gives the first component a real stored posture, copied to every other one.
    // The catalog must know the component first.
    const ingestStart = Date.now();
    for (;;) {
      try {
        await running.getJson(
          `/api/catalog/entities/by-name/component/default/${componentName(0)}`,
        );
        break;
      } catch (error) {
        if (Date.now() - ingestStart > 10 * 60_000) throw error;
        await new Promise(resolve => setTimeout(resolve, 1_000));
      }
    }
    await running.postReport(
      `entityRef=${template}`,
      generateSarif({ results: 100, rules: 20, seed: 2 }),
    );
    const filled = await timed(() =>
      completeCorpusPostures(db, shape, template, TREND_DAYS),
    );
    log(
      `postures and ${filled.value} snapshots completed in ${formatMs(
        filled.ms,
      )}`,
    );

    const waited = await timed(() => waitForOrg(running, shape));
    log(`catalog stitched the organisation after ${formatMs(waited.ms)} more`);
    const checked = await checkScorecards(running, shape);
    log(checked);

    const get = (path: string) => async () => {
      await running.getJson(path);
    };
    const latencies = await interleavedLatencies(
      {
        owner: get(scorecardPath('owner')),
        system: get(scorecardPath('system')),
        domain: get(scorecardPath('domain')),
        catalog: async () => {
          await catalogRead(running);
        },
        org: async () => {
          await orgRead(running);
        },
      },
      sizes,
    );
    log('measured');

    // where the time of one owner scorecard goes: the plugin's SQL (its catalog call is the org row)
    const captured = await captureQueries(db, () =>
      running.getJson(scorecardPath('owner')),
    );
    const profiled = sizes.profile
      ? [
          `CPU profile of 5 groupBy=owner scorecards (${join(
            sizes.profile,
            `scorecard-${target.name}.cpuprofile`,
          )}):`,
          ...(await profileCalls(
            async () => {
              for (let i = 0; i < 5; i++)
                await running.getJson(scorecardPath('owner'));
            },
            {
              file: join(sizes.profile, `scorecard-${target.name}.cpuprofile`),
            },
          )),
        ]
      : [];
    const baseline = `catalog by-query, ${shape.components.toLocaleString(
      'en-US',
    )} components in pages of ${PAGE}: ${text(latencies.catalog)}`;
    const n = shape.components.toLocaleString('en-US');
    const rows: FigureRow[] = [
      ...GROUP_BYS.map(groupBy => ({
        figure: `scorecards groupBy=${groupBy}, ${n} components (GET)`,
        value: text(latencies[groupBy]),
        baseline,
        ratio: latencies[groupBy].median / latencies.catalog.median,
        target: 1,
      })),
      {
        figure: "the plugin's catalog read (loadOrg: 4 kinds, 10 fields)",
        value: text(latencies.org),
        baseline,
        ratio: latencies.org.median / latencies.catalog.median,
        target: undefined,
      },
    ];
    const notes = [
      checked,
      `organisation: 1 root group, ${shape.departments} departments, ${shape.teams} teams, ` +
        `${shape.domains} domains, ${shape.systems} systems, ${n} components (catalog file)`,
      `posture data: ${corpus.method}; then the stored posture of a real ingest for ${template} ` +
        `copied to every other component, owner/system/domain facts set, and ${filled.value.toLocaleString(
          'en-US',
        )} daily snapshots (${TREND_DAYS} days) by INSERT ... SELECT`,
      `GETs: ${sizes.warmup} warm-up + ${sizes.rounds} timed rounds, sequential, interleaved ` +
        '(owner, system, domain scorecards, catalog read, plugin catalog read)',
      `one groupBy=owner scorecard (${formatMs(
        captured.ms,
      )}), statements on the plugin database:`,
      ...summarizeQueries(captured.queries, captured.ms),
      ...profiled,
    ];
    return { rows, notes };
  } finally {
    await backend?.stop();
    await rm(catalog.directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = options();
  const shape = orgShape(opts.components);
  const runId = randomBytes(4).toString('hex');
  const started = Date.now();
  const out = [
    '# scorecard benchmark',
    `node ${process.version}; ${
      os.cpus().length
    } cores; ${new Date().toISOString()}; ` +
      `load average at start ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(' / ')}`,
  ];
  let misses = 0;
  for (const engine of opts.engines) {
    const db =
      engine === 'sqlite'
        ? await sqliteTarget()
        : await postgresTarget(
            process.env.GOLDEN_PATH_POSTGRES_URL ??
              'postgresql://postgres@127.0.0.1:5432',
            runId,
          );
    log(`${db.name}: ${db.where}`);
    try {
      const result = await runOne(db, shape, opts);
      misses += result.rows.filter(r => verdict(r) === 'MISS').length;
      out.push(
        '',
        renderTable(`${db.name} (${db.where})`, result.rows),
        ...result.notes,
      );
    } finally {
      await db.cleanup();
    }
  }
  out.push('', totalLine(started, misses));
  process.stdout.write(`${out.join('\n')}\n`);
}

runBenchmark('scorecard benchmark', main);
