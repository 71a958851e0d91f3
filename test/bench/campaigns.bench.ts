/*
 * Campaign evaluation at fleet size (issue #17, performance): 10,000 components with postures and
 * 20 live campaigns of mixed goals (posture policy CEL expressions, one of them reading the
 * inventory; template version targets; no open finding matching a rule id or a package) whose
 * scopes hold every component, on SQLite and PostgreSQL, fresh databases per run. The plugin is
 * wired exactly as `plugin.ts` wires it (`createPostureRooms`: the real stores, migrations, the
 * real database service and cache manager of @backstage/backend-defaults), with the catalog
 * service's test double holding the organisation (its facts are seeded, not processed by a
 * catalog). Measures, against baselines taken in the same run:
 * - (a) one ingest of a real report (trivy 0.48.1's CycloneDX 1.5 SBOM, 102 packages, 10
 *   vulnerabilities; alternated with the same SBOM without two of them, so every ingest fixes or
 *   reopens) through `IngestService.ingest`, the call `POST /v1/reports` makes, with the campaign
 *   evaluation of its `afterApply` hook (in its transaction) and without it: the evaluation's time against the
 *   ingest's (target <= 10%);
 * - (b) the daily evaluation (`CampaignEvaluator.daily`, the scheduled task's function) of the 20
 *   campaigns over the fleet against one read of the 10,000 postures through the same store
 *   (`PostureStore.getComponents`, the evaluator's own read) (target <= 2x).
 * Prints figures; a missed target does not fail the run, an error or a wrong answer does.
 *
 *   bash test/bench/campaigns.sh                       both databases, 10,000 components
 *   bash test/bench/campaigns.sh --quick               1,000 components, fewer rounds
 *   bash test/bench/campaigns.sh --db postgres --components 5000 --rounds 9
 */
import {
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CampaignInput } from '@golden-path/plugin-security-posture-common';
import { createPostureRooms } from '@golden-path/plugin-security-posture-backend/src/wiring';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from './corpus';
import { DatabaseTarget, postgresTarget, sqliteTarget } from './databases';
import { captureQueries, summarizeQueries } from './diagnose';
import { latencyStats, LatencyStats, timed } from './measure';
import { profileCalls } from './profile';
import { componentName, orgShape, OrgShape } from './orgCatalog';
import {
  FigureRow,
  formatMs,
  renderTable,
  runBenchmark,
  totalLine,
  verdict,
} from './table';

const ENGINES = ['sqlite', 'postgres'] as const;
const ROOT = resolve(__dirname, '../..');
const TEMPLATE_REF = 'template:default/node-service';
const TEMPLATE_VERSIONS = ['1.0.0', '1.1.0', '1.2.0'];
/** The component every measured ingest is for: in the scope of every campaign. */
const MEASURED = `component:default/${componentName(0)}`;
const FINDINGS_PER_COMPONENT = 20;
const REPORT_FIXTURE = join(
  ROOT,
  'test/fixtures/cyclonedx/defectdojo_trivy-0.48.1_cyclonedx-1.5_issue_9277.cdx.json',
);

interface Options {
  engines: string[];
  components: number;
  rounds: number;
  dailyRounds: number;
  warmup: number;
  /** A folder for CPU profiles of the evaluation after an ingest and of a daily run. */
  profile?: string;
}

const log = (line: string) =>
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const teamRef = (t: number) => `group:default/bench-team-${pad(t, 3)}`;
const departmentRef = (d: number) =>
  `group:default/bench-department-${pad(d, 2)}`;
const systemRef = (s: number) => `system:default/bench-system-${pad(s, 4)}`;
const domainRef = (d: number) => `domain:default/bench-domain-${pad(d, 2)}`;
const nameOf = (ref: string) => ref.split('/')[1];

/**
 * The organisation as the catalog serves it (with the relations its processors would have
 * written): a root group, departments, teams, domains, systems, the node-service template and the
 * components, every other one made from node-service at one of three versions.
 */
function orgEntities(shape: OrgShape): Entity[] {
  const rel = (type: string, targetRef: string) => ({ type, targetRef });
  const group = (ref: string, type: string, parent?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: nameOf(ref), namespace: 'default' },
    spec: { type, children: [] },
    relations: parent ? [rel('childOf', parent)] : [],
  });
  const root = 'group:default/bench-org';
  const out: Entity[] = [group(root, 'organization')];
  for (let d = 0; d < shape.departments; d++) {
    out.push(group(departmentRef(d), 'department', root));
  }
  for (let t = 0; t < shape.teams; t++) {
    out.push(group(teamRef(t), 'team', departmentRef(t % shape.departments)));
  }
  for (let d = 0; d < shape.domains; d++) {
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: nameOf(domainRef(d)), namespace: 'default' },
      spec: { owner: departmentRef(d % shape.departments) },
    });
  }
  for (let s = 0; s < shape.systems; s++) {
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: nameOf(systemRef(s)), namespace: 'default' },
      spec: { owner: teamRef(s % shape.teams) },
      relations: [rel('partOf', domainRef(s % shape.domains))],
    });
  }
  out.push({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'node-service',
      namespace: 'default',
      title: 'Node.js service',
      annotations: {
        'golden-path.dev/template-version': '1.2.0',
        'backstage.io/managed-by-location': `file:${join(
          ROOT,
          'templates/node-service/template.yaml',
        )}`,
      },
    },
    spec: { type: 'service', steps: [] },
  });
  for (let i = 0; i < shape.components; i++) {
    const s = i % shape.systems;
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: componentName(i),
        namespace: 'default',
        annotations: {
          'golden-path.dev/security-tier': String(1 + (i % 3)),
          ...(i % 2 === 0
            ? {
                'golden-path.dev/template-ref': TEMPLATE_REF,
                'golden-path.dev/template-version':
                  TEMPLATE_VERSIONS[(i / 2) % TEMPLATE_VERSIONS.length],
              }
            : {}),
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: teamRef(s % shape.teams),
        system: nameOf(systemRef(s)),
      },
      relations: [
        rel('ownedBy', teamRef(s % shape.teams)),
        rel('partOf', systemRef(s)),
      ],
    });
  }
  return out;
}

/**
 * 20 campaigns of mixed goals, each scope holding the whole fleet (so 20 x N evaluations daily,
 * and every ingest touches all 20): the scope forms cycle through no filter, kind, lifecycle and
 * every tier.
 */
function campaignInputs(): CampaignInput[] {
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const scopes = [
    {},
    { kinds: ['component'] },
    { lifecycles: ['production'] },
    { tiers: [1, 2, 3] },
  ];
  const goals: CampaignInput['goal'][] = [
    { type: 'policy', expression: 'posture.knownExploited == 0' },
    { type: 'policy', expression: 'posture.open.critical == 0' },
    {
      type: 'policy',
      expression: 'posture.open.critical + posture.open.high <= 5',
    },
    { type: 'policy', expression: 'posture.overdue == 0' },
    { type: 'policy', expression: 'posture.score >= 60' },
    {
      type: 'policy',
      expression: "component.tier != 1 || posture.grade in ['A', 'B']",
    },
    { type: 'policy', expression: 'posture.missingScanners.size() == 0' },
    { type: 'policy', expression: 'inventory.copyleftCount == 0' },
    { type: 'template', templateRef: TEMPLATE_REF, minVersion: '1.1.0' },
    { type: 'template', templateRef: TEMPLATE_REF, minVersion: '1.2.0' },
    { type: 'template', templateRef: TEMPLATE_REF, minVersion: '1.0.0' },
    { type: 'template', templateRef: TEMPLATE_REF, minVersion: '1.1.5' },
    { type: 'template', templateRef: TEMPLATE_REF, minVersion: '2.0.0' },
    { type: 'no-finding', filter: { rule: 'CVE-2025-10003' } },
    { type: 'no-finding', filter: { rule: 'CVE-2099-00001' } },
    { type: 'no-finding', filter: { rule: 'CVE-2023-44487' } },
    { type: 'no-finding', filter: { package: 'pkg-4' } },
    { type: 'no-finding', filter: { package: 'pkg:npm/pkg-16' } },
    { type: 'no-finding', filter: { package: 'golang.org/x/net' } },
    {
      type: 'no-finding',
      filter: { rule: 'CVE-2025-10010', package: 'pkg-10' },
    },
  ];
  return goals.map((goal, i) => ({
    title: `Bench campaign ${pad(i + 1, 2)} (${goal.type})`,
    description: 'A campaign of the campaigns benchmark',
    goal,
    scope: scopes[i % scopes.length],
    deadline,
    ownerRef: 'group:default/bench-org',
  }));
}

/** The report and a variant without its last two vulnerabilities (each ingest then changes something). */
function reports(): [Buffer, Buffer] {
  const text = readFileSync(REPORT_FIXTURE, 'utf8');
  const doc = JSON.parse(text);
  const vulns = doc.vulnerabilities as unknown[];
  if (!Array.isArray(vulns) || vulns.length < 3) {
    throw new Error(`${REPORT_FIXTURE} has too few vulnerabilities`);
  }
  const fewer = { ...doc, vulnerabilities: vulns.slice(0, vulns.length - 2) };
  return [Buffer.from(text), Buffer.from(JSON.stringify(fewer))];
}

/**
 * The catalog service's test double over the organisation, with its by-ref read answered from an
 * index: the double filters every entity for each call, which at 10,000 components would add tens
 * of milliseconds to each ingest's catalog lookup (the real catalog answers it from an indexed
 * table) and inflate the ingest the evaluation is compared with.
 */
function indexedCatalog(entities: Entity[]): CatalogService {
  const mock = catalogServiceMock({ entities });
  const byRef = new Map(
    entities.map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
  );
  mock.getEntityByRef = async (ref: string | CompoundEntityRef) => {
    const key = (
      typeof ref === 'string' ? ref : stringifyEntityRef(ref)
    ).toLocaleLowerCase('en-US');
    const entity = byRef.get(key);
    return entity ? structuredClone(entity) : undefined;
  };
  return mock;
}

/** A plugin lifecycle whose shutdown hooks the run calls itself when an engine is done. */
function pluginLifecycle(): LifecycleService & { shutdown(): Promise<void> } {
  const hooks: (() => void | Promise<void>)[] = [];
  return {
    addStartupHook() {},
    addShutdownHook(hook: () => void | Promise<void>) {
      hooks.push(hook);
    },
    async shutdown() {
      for (const hook of hooks.splice(0)) await hook();
    },
  } as LifecycleService & { shutdown(): Promise<void> };
}

/** No scheduled task runs here: the bench calls the daily task's function itself. */
const idleScheduler = {
  async scheduleTask() {},
  async triggerTask() {},
  async getScheduledTasks() {
    return [];
  },
  createScheduledTaskRunner() {
    return { async run() {} };
  },
} as unknown as SchedulerService;

async function runOne(
  target: DatabaseTarget,
  opts: Options,
): Promise<{ rows: FigureRow[]; notes: string[] }> {
  const shape = orgShape(opts.components);
  const rootConfig = new ConfigReader({
    backend: { database: target.config },
    securityPosture: { notifications: { enabled: false } },
  });
  const logger: LoggerService = mockServices.rootLogger({ level: 'warn' });
  const lifecycle = pluginLifecycle();
  const database = DatabaseManager.fromConfig(rootConfig).forPlugin(
    'security-posture',
    { logger, lifecycle },
  );
  const entities = orgEntities(shape);
  const cache =
    CacheManager.fromConfig(rootConfig).forPlugin('security-posture');
  const setup = await timed(() =>
    createPostureRooms({
      rootConfig,
      logger,
      database,
      auth: mockServices.auth(),
      catalog: indexedCatalog(entities),
      urlReader: UrlReaders.default({ config: rootConfig, logger }),
      scheduler: idleScheduler,
      cache,
    }),
  );
  const rooms = setup.value;
  const { services } = rooms;
  const evaluator = services.campaignEvaluator;
  const campaigns = services.campaigns;
  if (!evaluator || !campaigns) throw new Error('campaigns are not wired');
  const db = await database.getClient();
  log(`${target.name}: plugin wired and migrated in ${formatMs(setup.ms)}`);

  // the fleet: component and scan rows with 20 findings each, then one real ingest whose stored
  // posture is copied to every component
  const corpus = await loadCorpus(db, {
    components: shape.components,
    findingsPerComponent: FINDINGS_PER_COMPONENT,
  });
  log(`corpus: ${corpus.findings} findings in ${formatMs(corpus.ms)}`);
  const [reportA, reportB] = reports();
  const ingest = (body: Buffer) =>
    services.ingest.ingest({
      entityRef: MEASURED,
      body,
      uploadedBy: 'external:bench-ci',
    });
  await ingest(reportA);
  const stored = await db('posture_components')
    .where({ entity_ref: MEASURED })
    .first('posture');
  if (!stored?.posture) throw new Error(`${MEASURED} has no posture`);
  await db('posture_components')
    .whereNot({ entity_ref: MEASURED })
    .update({ posture: stored.posture });
  if (db.client.config.client === 'pg') {
    await db.raw('analyze posture_components, posture_findings');
  }

  // 20 campaigns created through the service (each evaluated over the fleet as it is created)
  const created = await timed(async () => {
    for (const input of campaignInputs()) {
      await campaigns.create(input, 'user:default/bench-lead');
    }
  });
  const list = await campaigns.list();
  const total = list.items.reduce(
    (n, c) => n + (c.summary ? c.summary.compliant + c.summary.failing : 0),
    0,
  );
  if (list.items.length !== 20 || total !== 20 * shape.components) {
    throw new Error(
      `expected 20 campaigns over ${shape.components} components, got ${list.items.length} with ${total} status rows`,
    );
  }
  const compliantCounts = list.items
    .map(c => c.summary?.compliant ?? 0)
    .join(', ');
  log(`20 campaigns created and evaluated in ${formatMs(created.ms)}`);

  // (a) the measured component's ingest, with the afterApply evaluation and without it: the
  // hook calls the evaluator's evaluateComponent, which is timed (or skipped) here in place
  const evaluateComponent = evaluator.evaluateComponent.bind(evaluator);
  let evaluate = true;
  let hookMs = 0;
  let touched = 0;
  evaluator.evaluateComponent = async (
    ...args: Parameters<typeof evaluateComponent>
  ) => {
    if (!evaluate) return 0;
    const t = await timed(() => evaluateComponent(...args));
    hookMs = t.ms;
    touched = t.value;
    return t.value;
  };
  const withSamples: number[] = [];
  const withoutSamples: number[] = [];
  const hookSamples: number[] = [];
  let flip = 0;
  const next = () => (flip++ % 2 === 0 ? reportB : reportA);
  // each pair runs one ingest without the evaluation and one with it, in turns first, so that
  // each kind ingests each of the two reports equally often
  const addedSamples: number[] = [];
  for (let i = 0; i < opts.warmup + opts.rounds; i++) {
    const ingestOf = async (withEvaluation: boolean) => {
      evaluate = withEvaluation;
      hookMs = 0;
      touched = 0;
      const t = await timed(() => ingest(next()));
      if (withEvaluation && touched !== 20) {
        throw new Error(`the ingest's evaluation touched ${touched} campaigns`);
      }
      return t;
    };
    let without;
    let withEval;
    if (i % 2 === 0) {
      without = await ingestOf(false);
      withEval = await ingestOf(true);
    } else {
      withEval = await ingestOf(true);
      without = await ingestOf(false);
    }
    if (i < opts.warmup) continue;
    withoutSamples.push(without.ms);
    withSamples.push(withEval.ms);
    addedSamples.push(withEval.ms - without.ms);
    hookSamples.push(hookMs);
  }
  const ingestWithout = latencyStats(withoutSamples);
  const ingestWith = latencyStats(withSamples);
  const added = [...addedSamples].sort((a, b) => a - b)[
    Math.floor(addedSamples.length / 2)
  ];
  const hook = latencyStats(hookSamples);
  evaluate = true;
  const hookQueries = await captureQueries(db, () =>
    evaluator.evaluateComponent(MEASURED),
  );

  // (b) the daily evaluation against one read of every posture through the same store
  const refs = Array.from(
    { length: shape.components },
    (_, i) => `component:default/${componentName(i)}`,
  );
  const store = rooms.store;
  const dailySamples: number[] = [];
  const readSamples: number[] = [];
  for (let i = 0; i < 1 + opts.dailyRounds; i++) {
    const read = await timed(() => store.getComponents(refs));
    if (read.value.length !== shape.components) {
      throw new Error(`read ${read.value.length} postures`);
    }
    const daily = await timed(() => evaluator.daily());
    if (daily.value.evaluated !== 20) {
      throw new Error(`the daily task evaluated ${daily.value.evaluated}`);
    }
    if (i === 0) continue;
    readSamples.push(read.ms);
    dailySamples.push(daily.ms);
  }
  const read = latencyStats(readSamples);
  const daily = latencyStats(dailySamples);
  const after = await campaigns.list();
  const compliantAfter = after.items
    .map(c => c.summary?.compliant ?? 0)
    .join(', ');
  if (compliantAfter !== compliantCounts) {
    throw new Error(
      `the daily run changed the compliant counts: ${compliantCounts} before, ${compliantAfter} after`,
    );
  }
  const dailyQueries = await captureQueries(db, () => evaluator.daily());
  const profiled = opts.profile
    ? [
        `CPU profile of 20 evaluations after an ingest (${join(
          opts.profile,
          `campaigns-ingest-${target.name}.cpuprofile`,
        )}):`,
        ...(await profileCalls(
          async () => {
            for (let i = 0; i < 20; i++) {
              await evaluator.evaluateComponent(MEASURED);
            }
          },
          {
            file: join(
              opts.profile,
              `campaigns-ingest-${target.name}.cpuprofile`,
            ),
          },
        )),
        `CPU profile of one daily run (${join(
          opts.profile,
          `campaigns-daily-${target.name}.cpuprofile`,
        )}):`,
        ...(await profileCalls(
          async () => {
            await evaluator.daily();
          },
          {
            file: join(
              opts.profile,
              `campaigns-daily-${target.name}.cpuprofile`,
            ),
          },
        )),
      ]
    : [];

  const median = (s: LatencyStats) => formatMs(s.median);
  const n = shape.components.toLocaleString('en-US');
  const rows: FigureRow[] = [
    {
      figure: `ingest of the report, without campaign evaluation (median of ${opts.rounds})`,
      value: median(ingestWithout),
      baseline: '-',
      ratio: undefined,
      target: undefined,
    },
    {
      figure: `(a) campaign evaluation after that ingest (20 campaigns, fleet of ${n})`,
      value: median(hook),
      baseline: median(ingestWithout),
      ratio: hook.median / ingestWithout.median,
      ratioAsPercent: true,
      target: 0.1,
    },
    {
      figure:
        '    the ingest with it, end to end (median of with - without per pair)',
      value: `${median(ingestWith)} (${added < 0 ? '-' : '+'}${formatMs(
        Math.abs(added),
      )})`,
      baseline: median(ingestWithout),
      ratio: added / ingestWithout.median,
      ratioAsPercent: true,
      target: undefined,
    },
    {
      figure: `(b) daily evaluation, 20 campaigns x ${n} components (median of ${opts.dailyRounds})`,
      value: median(daily),
      baseline: median(read),
      ratio: daily.median / read.median,
      target: 2,
    },
  ];
  const notes = [
    `fleet: ${n} components (${shape.teams} teams, ${shape.systems} systems, ${shape.domains} domains), half made from node-service 1.0.0/1.1.0/1.2.0; ` +
      `posture data: ${corpus.method}; one real ingest of ${MEASURED}, its posture JSON copied to every component`,
    `campaigns: 8 policy (one reads inventory), 5 template, 7 no-finding goals; every scope holds the fleet; created through CampaignService.create in ${formatMs(
      created.ms,
    )} (each evaluated over the fleet); compliant per campaign: ${compliantCounts}`,
    `(a) report: trivy 0.48.1 CycloneDX 1.5 (102 packages, 10 vulnerabilities) alternated with it minus 2 vulnerabilities; ` +
      `IngestService.ingest (what POST /v1/reports calls), ${opts.warmup} warm-up rounds, then pairs with and without the afterApply evaluation, each kind first in turn; ` +
      `evaluation p95 ${formatMs(hook.p95)}, ingest p95 ${formatMs(
        ingestWithout.p95,
      )} without / ${formatMs(ingestWith.p95)} with`,
    `(b) baseline: PostureStore.getComponents of the ${n} refs (the evaluator's bulk posture read); ` +
      `the daily run is CampaignEvaluator.daily() (the scheduled task's function; notifications off); p95 ${formatMs(
        daily.p95,
      )} vs ${formatMs(read.p95)}`,
    'SQL of one evaluation after an ingest:',
    ...summarizeQueries(hookQueries.queries, hookQueries.ms)
      .slice(0, 8)
      .map(l => `  ${l}`),
    'SQL of one daily run:',
    ...summarizeQueries(dailyQueries.queries, dailyQueries.ms)
      .slice(0, 8)
      .map(l => `  ${l}`),
    ...profiled,
  ];
  // the database manager's shutdown hooks (its keep-alive and its client), then the client
  await lifecycle.shutdown().catch(() => undefined);
  await db.destroy().catch(() => undefined);
  return { rows, notes };
}

async function main() {
  const started = Date.now();
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: ENGINES.join(',') },
      components: { type: 'string' },
      rounds: { type: 'string' },
      'daily-rounds': { type: 'string' },
      warmup: { type: 'string' },
      quick: { type: 'boolean', default: false },
      profile: { type: 'string' },
    },
  });
  const engines = (values.db ?? '').split(',').filter(Boolean);
  if (
    engines.length === 0 ||
    engines.some(e => !(ENGINES as readonly string[]).includes(e))
  ) {
    throw new Error(`--db: a comma-separated list of ${ENGINES.join(', ')}`);
  }
  const quick = values.quick === true;
  const num = (raw: string | undefined, fallback: number) =>
    raw === undefined ? fallback : Number.parseInt(raw, 10);
  const opts: Options = {
    engines,
    components: num(values.components, quick ? 1000 : 10_000),
    rounds: num(values.rounds, quick ? 5 : 15),
    dailyRounds: num(values['daily-rounds'], quick ? 2 : 5),
    warmup: num(values.warmup, 2),
    profile: values.profile,
  };
  const runId = randomBytes(4).toString('hex');
  const out = [
    '# campaigns benchmark',
    `node ${process.version}; ${
      os.cpus().length
    } cores; ${new Date().toISOString()}; load average at start ${os
      .loadavg()
      .map(l => l.toFixed(2))
      .join(' / ')}; ${opts.components.toLocaleString(
      'en-US',
    )} components, 20 campaigns`,
  ];
  let misses = 0;
  for (const engine of opts.engines) {
    const target =
      engine === 'sqlite'
        ? await sqliteTarget()
        : await postgresTarget(
            process.env.GOLDEN_PATH_POSTGRES_URL ??
              'postgresql://postgres@127.0.0.1:5432',
            runId,
          );
    log(`${target.name}: ${target.where}`);
    const engineStart = Date.now();
    try {
      const result = await runOne(target, opts);
      misses += result.rows.filter(r => verdict(r) === 'MISS').length;
      const section = [
        '',
        renderTable(`${target.name} (${target.where})`, result.rows),
        ...result.notes,
        `${target.name} run: ${((Date.now() - engineStart) / 1000).toFixed(
          0,
        )} s`,
      ];
      process.stdout.write(`${[...out, ...section].join('\n')}\n`);
      out.length = 0;
    } finally {
      await target.cleanup();
    }
  }
  out.push('', totalLine(started, misses));
  process.stdout.write(`${out.join('\n')}\n`);
}

runBenchmark('campaigns benchmark', main);
