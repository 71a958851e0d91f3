import { parseReport } from '@golden-path/plugin-security-posture-backend/src/parsers';
import { Knex } from 'knex';
import { insertRows } from '@golden-path/plugin-security-posture-backend/src/database/insertRows';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { BenchBackend, IngestResponse, startBenchBackend } from './backend';
import { writeCatalogFile } from './catalogFile';
import { CorpusResult, CorpusShape, loadCorpus } from './corpus';
import { DatabaseTarget } from './databases';
import {
  captureQueries,
  explain,
  CapturedQuery,
  summarizeQueries,
} from './diagnose';
import { interleavedLatencies, LatencyStats, timed } from './measure';
import { FigureRow, formatMs, formatRate } from './table';

/** Sizes of one benchmark run. */
export interface BenchSizes {
  /** Results of the big SARIF report. */
  results: number;
  /** Rules of the big SARIF report. */
  rules: number;
  corpus: CorpusShape;
  /** Timed rounds of the posture/catalog GETs, after `warmup` untimed ones. */
  rounds: number;
  warmup: number;
}

/** Inputs shared by every database of a run (generated once). */
export interface BenchInputs {
  sizes: BenchSizes;
  bigReport: Buffer;
  typicalReport: Buffer;
}

/** What one database produced. */
export interface ScenarioResult {
  rows: FigureRow[];
  corpus: CorpusResult;
  notes: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BIG = 'bench-big';
const TYPICAL = 'bench-typical';
const BASELINE_REF = 'component:default/bench-raw-baseline';
/** The batch size of the raw batch insert: the store's INSERT_BATCH (its PostgreSQL inserts). */
const INSERT_BATCH = 400;

const ref = (name: string) => `component:default/${name}`;
const posturePath = (name: string) =>
  `/api/security-posture/v1/entities/component/default/${name}/posture`;
const catalogPath = (name: string) =>
  `/api/catalog/entities/by-name/component/default/${name}`;

function expectCounts(
  what: string,
  actual: IngestResponse,
  expected: Partial<IngestResponse['counts']>,
): void {
  for (const [key, value] of Object.entries(expected)) {
    const got = actual.counts[key as keyof IngestResponse['counts']];
    if (got !== value) {
      throw new Error(
        `${what}: counts.${key} is ${got}, expected ${value} (${JSON.stringify(
          actual.counts,
        )})`,
      );
    }
  }
}

async function waitForCatalog(
  backend: BenchBackend,
  names: string[],
): Promise<number> {
  const start = Date.now();
  for (;;) {
    const missing: string[] = [];
    for (const name of names) {
      try {
        await backend.getJson(catalogPath(name));
      } catch {
        missing.push(name);
      }
    }
    if (missing.length === 0) {
      return Date.now() - start;
    }
    if (Date.now() - start > 120_000) {
      throw new Error(
        `the catalog did not ingest ${missing.join(', ')} within 120 s`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/**
 * The baseline of the first import: the rows the import stored, bulk-inserted raw (knex batch
 * insert in batches of INSERT_BATCH, one transaction) into the same table under another entity
 * ref; and, for information, the same rows through the store's own insert (`insertRows`: on SQLite
 * one prepared single-row statement, on PostgreSQL the same knex batches). The rows are deleted
 * again after each (untimed).
 */
async function rawInsertBaseline(
  db: Knex,
  entityRef: string,
): Promise<{ batchMs: number; storeMs: number }> {
  const stored: Record<string, unknown>[] = await db('posture_findings')
    .where({ entity_ref: entityRef })
    .orderBy('id');
  const rows = stored.map(({ id: _id, ...row }) => ({
    ...row,
    entity_ref: BASELINE_REF,
  }));
  const removeRows = async () => {
    await db('posture_findings').where({ entity_ref: BASELINE_REF }).delete();
    if (db.client.config.client === 'pg') {
      await db.raw('vacuum analyze posture_findings');
    }
  };
  const batch = await timed(() =>
    db.transaction(async tx => {
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await tx('posture_findings').insert(rows.slice(i, i + INSERT_BATCH));
      }
    }),
  );
  await removeRows();
  const store = await timed(() =>
    db.transaction(tx => insertRows(tx, 'posture_findings', rows)),
  );
  await removeRows();
  return { batchMs: batch.ms, storeMs: store.ms };
}

function latencyText(s: LatencyStats): string {
  return `median ${formatMs(s.median)}, p95 ${formatMs(s.p95)}`;
}

/** Statement timings and plans of one posture GET. */
async function explainPostureRead(
  backend: BenchBackend,
  db: Knex,
  path: string,
): Promise<string[]> {
  const { queries, ms } = await captureQueries(db, () => backend.getJson(path));
  const lines = [`GET ${path}: ${formatMs(ms)}, ${queries.length} statements`];
  if (queries.length === 0) {
    lines.push(
      '  (the one-component read is prepared once per connection and runs without knex, ' +
        'so knex reports no statement)',
    );
  }
  for (const q of queries) {
    lines.push(`  ${formatMs(q.ms)}: ${q.sql.replace(/\s+/g, ' ')}`);
    for (const plan of await explain(db, q)) {
      lines.push(`      ${plan}`);
    }
  }
  return lines;
}

/** The plan of the slowest statement of a captured run. */
async function explainSlowest(
  db: Knex,
  queries: CapturedQuery[],
  what: string,
): Promise<string[]> {
  const slowest = [...queries].sort((a, b) => b.ms - a.ms)[0];
  if (!slowest) {
    return [];
  }
  return [
    `slowest statement of the ${what} (${formatMs(
      slowest.ms,
    )}), re-run under EXPLAIN:`,
    `  ${slowest.sql.replace(/\s+/g, ' ').slice(0, 300)}`,
    // a fresh scan id, so the statement does the work it did (not a no-op on rows it touched)
    ...(
      await explain(db, {
        ...slowest,
        bindings: slowest.bindings.map(b =>
          typeof b === 'string' && UUID.test(b) ? randomUUID() : b,
        ),
      })
    ).map(l => `      ${l}`),
  ];
}

/** Runs every measurement on one database and returns the table rows. */
export async function runScenario(
  target: DatabaseTarget,
  inputs: BenchInputs,
  options: { explain: boolean; log: (line: string) => void },
): Promise<ScenarioResult> {
  const { log } = options;
  const { sizes } = inputs;
  const catalog = await writeCatalogFile([BIG, TYPICAL]);
  let backend: BenchBackend | undefined;
  try {
    const started = await timed(() =>
      startBenchBackend({ database: target.config, catalogFile: catalog.file }),
    );
    const running = started.value;
    backend = running;
    const waited = await waitForCatalog(running, [BIG, TYPICAL]);
    log(
      `backend up in ${formatMs(started.ms)}; catalog entities after ${formatMs(
        waited,
      )}`,
    );

    const db = running.postureDb;
    const corpus = await loadCorpus(db, sizes.corpus);
    log(
      `corpus: ${corpus.findings.toLocaleString(
        'en-US',
      )} findings in ${formatMs(corpus.ms)}`,
    );

    // The small, corpus-sized import comes first: it also warms up the ingest code path.
    const typical = await running.postReport(
      `entityRef=${ref(TYPICAL)}`,
      inputs.typicalReport,
    );
    expectCounts('typical import', typical, {
      new: sizes.corpus.findingsPerComponent,
    });

    parseReport(inputs.typicalReport); // warm-up of the parser, untimed
    const parsed = await timed(async () => parseReport(inputs.bigReport));
    if (parsed.value.findings.length !== sizes.results) {
      throw new Error(
        `the generated report parses to ${parsed.value.findings.length} findings, expected ${sizes.results}`,
      );
    }

    const query = `entityRef=${ref(BIG)}`;
    const first = await captureQueries(db, () =>
      running.postReport(query, inputs.bigReport),
    );
    expectCounts('first import', first.value, { new: sizes.results });
    log(`first import: ${formatMs(first.ms)}`);

    const { batchMs: baselineMs, storeMs } = await rawInsertBaseline(
      db,
      ref(BIG),
    );
    log(
      `raw bulk insert baseline: ${formatMs(
        baselineMs,
      )}; the store's insert of the same rows: ${formatMs(storeMs)}`,
    );

    const again = await captureQueries(db, () =>
      running.postReport(query, inputs.bigReport),
    );
    expectCounts('unchanged reimport', again.value, {
      new: 0,
      unchanged: sizes.results,
      fixed: 0,
      reopened: 0,
    });
    log(`unchanged reimport: ${formatMs(again.ms)}`);

    const get = (path: string) => async () => {
      await running.getJson(path);
    };
    const latencies = await interleavedLatencies(
      {
        posture: get(posturePath(TYPICAL)),
        catalog: get(catalogPath(TYPICAL)),
      },
      { warmup: sizes.warmup, rounds: sizes.rounds },
    );
    // The big component's read is informational and slow: fewer rounds.
    const bigRounds = Math.max(5, Math.round(sizes.rounds / 10));
    const big = await interleavedLatencies(
      {
        postureBig: get(posturePath(BIG)),
        catalogBig: get(catalogPath(BIG)),
      },
      { warmup: 2, rounds: bigRounds },
    );
    log(`posture reads measured`);

    const notes = [
      `GETs: ${sizes.warmup} warm-up + ${sizes.rounds} timed rounds (big component: 2 + ${bigRounds}), sequential, interleaved with the catalog's`,
      'first import, statements on the plugin database:',
      ...summarizeQueries(first.queries, first.ms),
      'unchanged reimport, statements on the plugin database:',
      ...summarizeQueries(again.queries, again.ms),
    ];
    if (options.explain) {
      notes.push(
        ...(await explainPostureRead(running, db, posturePath(TYPICAL))),
        ...(await explainPostureRead(running, db, posturePath(BIG))),
        ...(await explainSlowest(db, again.queries, 'unchanged reimport')),
      );
    }

    const n = sizes.results;
    const rows: FigureRow[] = [
      {
        figure: `first import, ${n.toLocaleString(
          'en-US',
        )} results (HTTP POST)`,
        value: `${formatMs(first.ms)} (${formatRate(n, first.ms)})`,
        baseline: `raw batch insert ${formatMs(baselineMs)} (${formatRate(
          n,
          baselineMs,
        )})`,
        ratio: first.ms / baselineMs,
        target: 1.5,
      },
      {
        figure: 'first import vs its own insert of the rows',
        value: `${formatMs(first.ms)} (${formatRate(n, first.ms)})`,
        baseline: `the store's insert (insertRows) ${formatMs(
          storeMs,
        )} (${formatRate(n, storeMs)})`,
        ratio: first.ms / storeMs,
        target: undefined,
      },
      {
        figure: 'unchanged reimport (HTTP POST)',
        value: `${formatMs(again.ms)} (${formatRate(n, again.ms)})`,
        baseline: `first import ${formatMs(first.ms)}`,
        ratio: again.ms / first.ms,
        ratioAsPercent: true,
        target: 0.1,
      },
      {
        figure: `posture read, ${sizes.corpus.findingsPerComponent} findings (GET)`,
        value: latencyText(latencies.posture),
        baseline: `catalog by-name ${latencyText(latencies.catalog)}`,
        ratio: latencies.posture.median / latencies.catalog.median,
        target: 1.2,
      },
      {
        figure: `posture read, ${n.toLocaleString('en-US')} findings (GET)`,
        value: latencyText(big.postureBig),
        baseline: `catalog by-name ${latencyText(big.catalogBig)}`,
        ratio: big.postureBig.median / big.catalogBig.median,
        target: undefined,
      },
      {
        figure: 'parse only (parseReport, in process)',
        value: `${formatMs(parsed.ms)} (${formatRate(n, parsed.ms)})`,
        baseline: `first import ${formatMs(first.ms)}`,
        ratio: parsed.ms / first.ms,
        ratioAsPercent: true,
        target: undefined,
      },
    ];
    return { rows, corpus, notes };
  } finally {
    await backend?.stop();
    await rm(catalog.directory, { recursive: true, force: true });
  }
}
