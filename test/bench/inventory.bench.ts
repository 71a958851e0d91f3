/*
 * Dependency inventories of a whole fleet (issue #16, performance): 10,000 components x 500
 * packages (5,000,000 `posture_inventory` rows, loaded straight into the table) on SQLite and
 * PostgreSQL, behind a real started backend (the real catalog reading a YAML file, the plugin on
 * the engine under test). Measures, against baselines taken in the same run:
 * - the fleet search by package name (`GET /v1/inventory?type=npm&name=...`), a rare package and
 *   a common one (20% of the fleet, first page), against the catalog's `entities/by-name` read;
 * - the advisory refresh (the plugin's scheduled task, reading an OSV export from a local HTTP
 *   server) of a new advisory affecting 1% of the fleet, against 5 s; an unchanged refresh must
 *   write nothing (row counts and times compared before and after);
 * - the reimport of an unchanged 2,000-package CycloneDX 1.5 SBOM
 *   (`POST /v1/reports`), against its first import.
 * Prints figures; a missed target does not fail the run, an error or a wrong answer does.
 *
 *   bash test/bench/inventory.sh                       both databases, 10,000 x 500
 *   bash test/bench/inventory.sh --quick               300 x 100, under a minute per engine
 *   bash test/bench/inventory.sh --db postgres --components 2000 --packages 200 --rounds 50
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Knex } from 'knex';
import { BenchBackend, startBenchBackend } from './backend';
import { writeCatalogFile } from './catalogFile';
import { loadCorpus } from './corpus';
import { generateCycloneDx } from './cyclonedx';
import { DatabaseTarget, postgresTarget, sqliteTarget } from './databases';
import {
  CapturedQuery,
  captureQueries,
  explain,
  summarizeQueries,
} from './diagnose';
import {
  ADVISORY_A,
  ADVISORY_B,
  advisoryRecords,
  backgroundAdvisories,
  COMMON_PACKAGE,
  componentsWith,
  loadFleetInventory,
  rarePackage,
  TOP_PACKAGE,
} from './inventoryFleet';
import {
  interleavedLatencies,
  latencyStats,
  LatencyStats,
  timed,
} from './measure';
import { profileCalls } from './profile';
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

const REFRESH_TASK = 'security-posture-advisory-refresh';
/** Findings per corpus component (the postures matching recomputes read them). */
const FINDINGS_PER_COMPONENT = 20;
/** Advisories of the export that concern no component (read again by every refresh). */
const BACKGROUND_ADVISORIES = 2_000;
/** The advisory target: matched and written within this many milliseconds. */
const ADVISORY_TARGET_MS = 5_000;
/** Page size of a fleet search's first page (InventoryService's default). */
const PAGE = 50;

function log(line: string): void {
  process.stderr.write(
    `[inventory ${new Date().toISOString().slice(11, 19)}] ${line}\n`,
  );
}

interface Options {
  engines: Engine[];
  components: number;
  packages: number;
  rounds: number;
  warmup: number;
  sbomPackages: number;
  sbomRounds: number;
  explain: boolean;
  profile?: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: ENGINES.join(',') },
      components: { type: 'string' },
      packages: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      'sbom-packages': { type: 'string', default: '2000' },
      quick: { type: 'boolean', default: false },
      // plans of the slowest statements (EXPLAIN ANALYZE on PostgreSQL, QUERY PLAN on SQLite)
      explain: { type: 'boolean', default: false },
      // CPU profiles of 50 common searches and 3 regenerated SBOM reimports, summarised, and
      // written to this folder
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
  const int = (
    name: string,
    value: string | undefined,
    fallback: number,
    max: number,
  ) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new Error(`--${name} takes an integer from 1 to ${max}`);
    }
    return n;
  };
  const quick = values.quick ?? false;
  return {
    engines: engines as Engine[],
    // corpus names have five digits
    components: int(
      'components',
      values.components,
      quick ? 300 : 10_000,
      99_999,
    ),
    packages: int('packages', values.packages, quick ? 100 : 500, 2_000),
    rounds: int('rounds', values.rounds, quick ? 20 : 100, 10_000),
    warmup: int('warmup', values.warmup, quick ? 3 : 10, 10_000),
    sbomPackages: int('sbom-packages', values['sbom-packages'], 2_000, 100_000),
    sbomRounds: quick ? 3 : 5,
    explain: values.explain ?? false,
    profile: values.profile,
  };
}

const text = (s: LatencyStats) =>
  `median ${formatMs(s.median)}, p95 ${formatMs(s.p95)}`;

/** A local HTTP server that answers every GET with the current OSV export. */
async function exportServer() {
  let body = Buffer.from('[]');
  let downloads = 0;
  const server = http.createServer((_req, res) => {
    downloads += 1;
    res.writeHead(200, {
      // a fresh connection per download (a daily refresh reuses none); on SQLite the event loop
      // may be busy when the server closes an idle one, and the next fetch would reuse it
      Connection: 'close',
      'Content-Type': 'application/json',
      'Content-Length': String(body.length),
    });
    res.end(body);
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/osv/all.json`,
    serve(records: unknown[]) {
      body = Buffer.from(JSON.stringify(records));
    },
    downloads: () => downloads,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** What the plugin's tables hold, to tell whether a refresh wrote anything. */
async function writeState(db: Knex): Promise<Record<string, string>> {
  const count = async (table: string) =>
    String((await db(table).count({ n: '*' }))[0].n);
  const max = async (table: string, column: string) => {
    const value = (await db(table).max({ m: column }))[0].m;
    return value instanceof Date ? value.toISOString() : String(value);
  };
  return {
    'posture_findings rows': await count('posture_findings'),
    'posture_findings max(last_seen_at)': await max(
      'posture_findings',
      'last_seen_at',
    ),
    'posture_finding_events rows': await count('posture_finding_events'),
    'posture_scans rows': await count('posture_scans'),
    'posture_components max(updated_at)': await max(
      'posture_components',
      'updated_at',
    ),
    'posture_snapshots rows': await count('posture_snapshots'),
    'posture_advisories rows': await count('posture_advisories'),
    'posture_advisories max(updated_at)': await max(
      'posture_advisories',
      'updated_at',
    ),
    'posture_advisory_packages rows': await count('posture_advisory_packages'),
    'posture_advisory_stamp version': await max(
      'posture_advisory_stamp',
      'version',
    ),
    'posture_inventory rows': await count('posture_inventory'),
  };
}

/** Open `advisory-match` findings of an advisory. */
async function openMatches(db: Knex, advisoryId: string): Promise<number> {
  const [{ n }] = await db('posture_findings')
    .where({ tool: 'advisory-match', rule_id: advisoryId, status: 'open' })
    .count({ n: '*' });
  return Number(n);
}

/** Waits until the catalog serves every component of its file. */
async function waitForCatalog(
  backend: BenchBackend,
  components: number,
): Promise<void> {
  const start = Date.now();
  for (;;) {
    const page = (await backend.getJson(
      '/api/catalog/entities/by-query?filter=kind=component&limit=1',
    )) as { totalItems: number };
    if (page.totalItems >= components) return;
    if (Date.now() - start > 30 * 60_000) {
      throw new Error(
        `the catalog did not process ${components} components within 30 minutes (${page.totalItems})`,
      );
    }
    log(
      `waiting for the catalog: ${page.totalItems} of ${components} components`,
    );
    await new Promise(resolve => setTimeout(resolve, 10_000));
  }
}

interface InventoryAnswer {
  items: { entityRef: string; versions: string[] }[];
  nextCursor: string | null;
}

/** The slowest statement of a capture with its plan (for --explain). */
async function planOfSlowest(
  db: Knex,
  what: string,
  queries: CapturedQuery[],
): Promise<string[]> {
  const slowest = [...queries].sort((a, b) => b.ms - a.ms)[0];
  if (!slowest) return [];
  return [
    `plan of the slowest statement of ${what} (${formatMs(
      slowest.ms,
    )}): ${slowest.sql.replace(/\s+/g, ' ').slice(0, 300)}`,
    ...(await explain(db, slowest)).map(l => `  ${l}`),
  ];
}

async function runOne(
  target: DatabaseTarget,
  opts: Options,
): Promise<{ rows: FigureRow[]; notes: string[] }> {
  const osv = await exportServer();
  const fleetNames = Array.from(
    { length: opts.components },
    (_, i) => `corpus-${String(i).padStart(5, '0')}`,
  );
  const sbomNames = Array.from(
    { length: opts.sbomRounds + 1 },
    (_, i) => `bench-sbom-${i}`,
  );
  const catalog = await writeCatalogFile([...fleetNames, ...sbomNames]);
  let backend: BenchBackend | undefined;
  try {
    const started = await timed(() =>
      startBenchBackend({
        database: target.config,
        catalogFile: catalog.file,
        reportsFor: sbomNames.map(n => `component:default/${n}`),
        postureConfig: {
          advisories: {
            // the shipped seed names lodash and log4j-core, which the fleet has: its first match
            // of the whole fleet is not what is measured here
            seed: false,
            sources: [{ url: osv.url }],
            // never due during the run: the benchmark runs the task itself
            refreshCron: '0 0 1 1 *',
          },
        },
      }),
    );
    const running = started.value;
    backend = running;
    log(`backend up in ${formatMs(started.ms)}`);
    const db = running.postureDb;

    // the catalog first: on SQLite a bulk statement blocks the process, and the catalog would
    // hardly advance while the fleet is loaded
    const waited = await timed(() =>
      waitForCatalog(running, fleetNames.length + sbomNames.length),
    );
    log(`catalog complete after ${formatMs(waited.ms)}`);

    const corpus = await loadCorpus(db, {
      components: opts.components,
      findingsPerComponent: FINDINGS_PER_COMPONENT,
    });
    await db('posture_components')
      .where('entity_ref', 'like', 'component:default/corpus-%')
      .update({ provided_apis: 1 });
    log(`corpus: ${corpus.findings} findings in ${formatMs(corpus.ms)}`);
    const fleet = await loadFleetInventory(
      db,
      { components: opts.components, packages: opts.packages },
      log,
    );
    log(
      `inventory: ${fleet.rows.toLocaleString('en-US')} rows in ${formatMs(
        fleet.ms,
      )}`,
    );
    // the export's background: stored by a first refresh, not measured
    const background = backgroundAdvisories(BACKGROUND_ADVISORIES);
    osv.serve(background);
    const initial = await timed(() => running.runPostureTask(REFRESH_TASK));
    const stored = Number(
      (await db('posture_advisories').count({ n: '*' }))[0].n,
    );
    if (stored !== BACKGROUND_ADVISORIES || osv.downloads() !== 1) {
      throw new Error(
        `the first refresh stored ${stored} advisories (${osv.downloads()} downloads), expected ${BACKGROUND_ADVISORIES}`,
      );
    }
    log(
      `first refresh: ${stored} advisories stored in ${formatMs(initial.ms)}`,
    );

    // --- fleet search ---
    const rare = await rarePackage(db, opts.packages);
    const common = await componentsWith(
      db,
      COMMON_PACKAGE.type,
      COMMON_PACKAGE.name,
    );
    const top = await componentsWith(db, TOP_PACKAGE.type, TOP_PACKAGE.name);
    const searchPath = (name: string) =>
      `/api/security-posture/v1/inventory?type=npm&name=${encodeURIComponent(
        name,
      )}`;
    const byName = `/api/catalog/entities/by-name/component/default/${
      fleetNames[Math.floor(fleetNames.length / 2)]
    }`;
    const expectPage = async (name: string, components: number) => {
      const answer = (await running.getJson(
        searchPath(name),
      )) as InventoryAnswer;
      const want = Math.min(PAGE, components);
      if (
        answer.items.length !== want ||
        Boolean(answer.nextCursor) !== components > PAGE
      ) {
        throw new Error(
          `search for ${name}: ${
            answer.items.length
          } components (next page: ${Boolean(
            answer.nextCursor,
          )}), expected ${want} of ${components}`,
        );
      }
    };
    await expectPage(rare.name, rare.components);
    await expectPage(COMMON_PACKAGE.name, common);
    await expectPage(TOP_PACKAGE.name, top);
    const get = (path: string) => async () => {
      await running.getJson(path);
    };
    const searches = await interleavedLatencies(
      {
        catalog: get(byName),
        rare: get(searchPath(rare.name)),
        common: get(searchPath(COMMON_PACKAGE.name)),
        top: get(searchPath(TOP_PACKAGE.name)),
      },
      opts,
    );
    log('fleet search measured');
    // where one search's time goes
    const diagnosis: string[] = [];
    for (const [what, name] of [
      ['rare search', rare.name],
      ['common search', COMMON_PACKAGE.name],
    ] as const) {
      const captured = await captureQueries(db, () =>
        running.getJson(searchPath(name)),
      );
      diagnosis.push(
        `one ${what} (${name}), statements on the plugin database:`,
        ...summarizeQueries(captured.queries, captured.ms),
        ...(opts.explain
          ? await planOfSlowest(db, what, captured.queries)
          : []),
      );
    }

    // --- advisory matching ---
    const refresh = async (records: unknown[]) => {
      osv.serve(records);
      const before = osv.downloads();
      const ran = await captureQueries(db, () =>
        running.runPostureTask(REFRESH_TASK),
      );
      if (osv.downloads() !== before + 1) {
        throw new Error('the advisory refresh did not download the export');
      }
      return ran;
    };
    const affectedA = await componentsWith(
      db,
      ADVISORY_A.type,
      ADVISORY_A.name,
    );
    const refreshA = await refresh([...background, advisoryRecords('A')]);
    const msA = refreshA.ms;
    const openedA = await openMatches(db, ADVISORY_A.id);
    if (openedA !== affectedA) {
      throw new Error(
        `advisory A: ${openedA} open matches, expected ${affectedA}`,
      );
    }
    const concernedB = await componentsWith(
      db,
      ADVISORY_B.type,
      ADVISORY_B.name,
    );
    const affectedB = await componentsWith(
      db,
      ADVISORY_B.type,
      ADVISORY_B.name,
      ADVISORY_B.introduced,
    );
    const exportAB = [
      ...background,
      advisoryRecords('A'),
      advisoryRecords('B'),
    ];
    const refreshB = await refresh(exportAB);
    const msB = refreshB.ms;
    const openedB = await openMatches(db, ADVISORY_B.id);
    if (openedB !== affectedB) {
      throw new Error(
        `advisory B: ${openedB} open matches, expected ${affectedB}`,
      );
    }
    log(`advisories matched: A ${formatMs(msA)}, B ${formatMs(msB)}`);
    // the same export again: nothing new, nothing written
    const before = await writeState(db);
    const msUnchanged = (await refresh(exportAB)).ms;
    diagnosis.push(
      // matching runs a few components at a time: their statements overlap in time
      `refresh of ${ADVISORY_A.id}, statements on the plugin database (components matched 4 at a time: statement times overlap and add up to more than the refresh):`,
      ...summarizeQueries(refreshA.queries, refreshA.ms),
      `refresh of ${ADVISORY_B.id}, statements on the plugin database (4 at a time):`,
      ...summarizeQueries(refreshB.queries, refreshB.ms),
      ...(opts.explain
        ? await planOfSlowest(
            db,
            `the refresh of ${ADVISORY_B.id}`,
            refreshB.queries,
          )
        : []),
    );
    const after = await writeState(db);
    const differences = Object.keys(before).filter(k => before[k] !== after[k]);
    log(`unchanged refresh: ${differences.length} differences`);

    // --- SBOM reimport ---
    const post = async (name: string, body: Buffer) => {
      const answer = (await running.postReport(
        `entityRef=component:default/${name}`,
        body,
      )) as unknown as {
        inventory?: { added: number; unchanged: number };
      };
      return answer.inventory ?? { added: 0, unchanged: 0 };
    };
    const firsts: number[] = [];
    const identicals: number[] = [];
    const regenerated: number[] = [];
    for (let i = 0; i < sbomNames.length; i++) {
      const name = sbomNames[i];
      const body = generateCycloneDx({
        application: name,
        packages: opts.sbomPackages,
        seed: i + 1,
      });
      const first = await timed(() => post(name, body));
      const same = await timed(() => post(name, body));
      // a CI run's SBOM of the same packages: another serial number and timestamp
      const regeneratedBody = generateCycloneDx({
        application: name,
        packages: opts.sbomPackages,
        seed: i + 1,
      });
      const again = await timed(() => post(name, regeneratedBody));
      if (
        first.value.added !== opts.sbomPackages ||
        same.value.unchanged !== opts.sbomPackages ||
        again.value.unchanged !== opts.sbomPackages
      ) {
        throw new Error(
          `SBOM of ${name}: first import added ${first.value.added}, reimports kept ${same.value.unchanged} and ${again.value.unchanged} unchanged, expected ${opts.sbomPackages}`,
        );
      }
      // the first SBOM warms the code paths up
      if (i > 0) {
        firsts.push(first.ms);
        identicals.push(same.ms);
        regenerated.push(again.ms);
      }
    }
    const lastName = sbomNames[sbomNames.length - 1];
    const capturedSbom = await captureQueries(db, () =>
      post(
        lastName,
        generateCycloneDx({
          application: lastName,
          packages: opts.sbomPackages,
          seed: sbomNames.length,
        }),
      ),
    );
    diagnosis.push(
      'one regenerated SBOM reimport, statements on the plugin database:',
      ...summarizeQueries(capturedSbom.queries, capturedSbom.ms),
    );
    if (opts.profile) {
      const file = (what: string) =>
        join(opts.profile!, `inventory-${what}-${target.name}.cpuprofile`);
      diagnosis.push(
        `CPU profile of 50 searches for ${COMMON_PACKAGE.name} (${file(
          'search',
        )}):`,
        ...(await profileCalls(
          async () => {
            for (let i = 0; i < 50; i++) {
              await running.getJson(searchPath(COMMON_PACKAGE.name));
            }
          },
          { file: file('search') },
        )),
        `CPU profile of 3 regenerated SBOM reimports (${file('sbom')}):`,
        ...(await profileCalls(
          async () => {
            for (let i = 0; i < 3; i++) {
              await post(
                lastName,
                generateCycloneDx({
                  application: lastName,
                  packages: opts.sbomPackages,
                  seed: sbomNames.length,
                }),
              );
            }
          },
          { file: file('sbom') },
        )),
      );
    }
    const sbomFirst = latencyStats(firsts);
    const sbomSame = latencyStats(identicals);
    const sbomAgain = latencyStats(regenerated);
    log('SBOM imports measured');

    const n = (v: number) => v.toLocaleString('en-US');
    const catalogBaseline = `catalog by-name: ${text(searches.catalog)}`;
    const searchRows = (
      label: string,
      stats: LatencyStats,
      target: number | undefined,
    ): FigureRow[] => [
      {
        figure: `${label}, median`,
        value: text(stats),
        baseline: catalogBaseline,
        ratio: stats.median / searches.catalog.median,
        target,
      },
      {
        figure: `${label}, p95`,
        value: text(stats),
        baseline: catalogBaseline,
        ratio: stats.p95 / searches.catalog.p95,
        target,
      },
    ];
    const advisoryBaseline = `${formatMs(ADVISORY_TARGET_MS)} (absolute)`;
    const sbomBaseline = `first import: median ${formatMs(sbomFirst.median)}`;
    const rows: FigureRow[] = [
      ...searchRows(
        `fleet search, rare package (${rare.components} components)`,
        searches.rare,
        2,
      ),
      ...searchRows(
        `fleet search, ${COMMON_PACKAGE.name} (${n(
          common,
        )} components), first page`,
        searches.common,
        2,
      ),
      ...searchRows(
        `fleet search, ${TOP_PACKAGE.name} (${n(top)} components), first page`,
        searches.top,
        undefined,
      ),
      {
        figure: `new advisory, ${ADVISORY_A.name} in ${n(
          affectedA,
        )} components, all affected: refresh (match + write)`,
        value: formatMs(msA),
        baseline: advisoryBaseline,
        ratio: msA / ADVISORY_TARGET_MS,
        target: 1,
      },
      {
        figure: `new advisory, ${ADVISORY_B.name} in ${n(
          concernedB,
        )} components, ${n(affectedB)} affected: refresh (match + write)`,
        value: formatMs(msB),
        baseline: advisoryBaseline,
        ratio: msB / ADVISORY_TARGET_MS,
        target: 1,
      },
      {
        figure: 'unchanged advisory refresh: rows and times changed',
        value: `${formatMs(msUnchanged)}, ${differences.length} changed`,
        baseline: 'the tables before it',
        ratio: differences.length,
        target: 0,
        ratioText: `${differences.length} changed`,
        targetText: '0 changed',
      },
      {
        figure: `SBOM reimport, same bytes (${n(opts.sbomPackages)} packages)`,
        value: `median ${formatMs(sbomSame.median)}`,
        baseline: sbomBaseline,
        ratio: sbomSame.median / sbomFirst.median,
        ratioAsPercent: true,
        target: 0.25,
      },
      {
        figure: `SBOM reimport, regenerated (new serialNumber and timestamp)`,
        value: `median ${formatMs(sbomAgain.median)}`,
        baseline: sbomBaseline,
        ratio: sbomAgain.median / sbomFirst.median,
        ratioAsPercent: true,
        target: 0.25,
      },
    ];
    const notes = [
      `fleet: ${n(
        opts.components,
      )} components (catalog file and posture_components); ` +
        `posture data: ${corpus.method}`,
      `inventory: ${fleet.method}; loaded in ${formatMs(fleet.ms)}`,
      `search: ${opts.warmup} warm-up + ${opts.rounds} timed rounds, sequential, interleaved ` +
        `(catalog GET ${byName}, then the searches of ${rare.name}, ${COMMON_PACKAGE.name}, ` +
        `${TOP_PACKAGE.name}: GET /api/security-posture/v1/inventory?type=npm&name=<name>, ` +
        `first page of ${PAGE}); every answer checked once (page size, next cursor)`,
      `advisories: the plugin's scheduled refresh task run by the test backend's scheduler, ` +
        `reading an OSV JSON export of ${n(
          BACKGROUND_ADVISORIES,
        )} advisories (of packages no component has) ` +
        `from a local HTTP server (securityPosture.advisories.sources; seed off); first refresh ` +
        `${formatMs(initial.ms)} (not measured); then ${ADVISORY_A.id} (${
          ADVISORY_A.osvName
        } < ${ADVISORY_A.fixed}) added: ${openedA} matches opened; then ${
          ADVISORY_B.id
        } (${ADVISORY_B.osvName} >= ${ADVISORY_B.introduced} < ${
          ADVISORY_B.fixed
        }) added (the package is in ${n(concernedB)} components, ${n(
          affectedB,
        )} at 2.0.0): ${n(openedB)} matches opened; then the same export again`,
      `unchanged refresh compared: ${Object.keys(before).join(', ')}` +
        (differences.length
          ? `; changed: ${differences
              .map(k => `${k} ${before[k]} -> ${after[k]}`)
              .join(', ')}`
          : ''),
      `SBOM: CycloneDX 1.5 JSON (Syft 1.18.1 as tool, purls, SPDX licences, scopes, dependency ` +
        `graph), ${n(opts.sbomPackages)} packages, ${Math.round(
          generateCycloneDx({
            application: 'x',
            packages: opts.sbomPackages,
            seed: 1,
          }).length / 1024,
        )} KiB; ${
          sbomNames.length
        } components, each: first import, the same bytes again, a ` +
        `regenerated SBOM of the same packages; the first component's three imports warm up and ` +
        `are not counted (medians of ${firsts.length}); first ${text(
          sbomFirst,
        )}, same bytes ${text(sbomSame)}, regenerated ${text(sbomAgain)}`,
      ...diagnosis,
    ];
    return { rows, notes };
  } finally {
    await backend?.stop();
    await osv.close();
    await rm(catalog.directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = options();
  const runId = randomBytes(4).toString('hex');
  const started = Date.now();
  const out = [
    '# inventory benchmark',
    `node ${process.version}; ${
      os.cpus().length
    } cores; ${new Date().toISOString()}; ` +
      `load average at start ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(' / ')}; ${opts.components.toLocaleString(
        'en-US',
      )} components x ${opts.packages} packages`,
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
    const engineStart = Date.now();
    try {
      const result = await runOne(db, opts);
      misses += result.rows.filter(r => verdict(r) === 'MISS').length;
      const section = [
        '',
        renderTable(`${db.name} (${db.where})`, result.rows),
        ...result.notes,
        `${db.name} run: ${((Date.now() - engineStart) / 1000).toFixed(0)} s`,
      ];
      // each engine's table as soon as it is measured (a later engine's error keeps it)
      process.stdout.write(`${[...out, ...section].join('\n')}\n`);
      out.length = 0;
    } finally {
      await db.cleanup();
    }
  }
  out.push('', totalLine(started, misses));
  process.stdout.write(`${out.join('\n')}\n`);
}

runBenchmark('inventory benchmark', main);
