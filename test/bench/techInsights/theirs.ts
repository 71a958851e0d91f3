/**
 * Their side: Backstage Tech Insights from the npm registry, built with its own context builder
 * (buildTechInsightsContext: its migrations, TechInsightsDatabase, DefaultFactRetrieverEngine), a
 * FactRetriever returning the generated facts, run once through the engine (triggerJob), and the
 * json-rules-engine fact checker (JsonRulesEngineFactCheckerFactory) with the ten checks.
 *
 * The bulk run is what `POST /api/tech-insights/checks/run` with no entities does, in process
 * (without HTTP and JSON): every entity with facts (`getEntities`), `runChecks` for each, at most
 * `techInsights.checksRunConcurrency` (default 100) at once.
 */
import {
  AuthService,
  DiscoveryService,
  SchedulerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  buildTechInsightsContext,
  createFactRetrieverRegistration,
} from '@backstage-community/plugin-tech-insights-backend';
import {
  JsonRulesEngineFactChecker,
  JsonRulesEngineFactCheckerFactory,
} from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import {
  FactRetriever,
  TechInsightsStore,
} from '@backstage-community/plugin-tech-insights-node';
import { Operator } from 'json-rules-engine';
import { Knex } from 'knex';
import { DatabaseTarget } from '../databases';
import {
  BenchCheck,
  FACT_RETRIEVER_ID,
  ON_OR_AFTER,
  techInsightsChecks,
} from './checks';
import {
  ComponentFactSet,
  TECH_INSIGHTS_SCHEMA,
  techInsightsFacts,
} from './facts';
import { EntityResults } from './ours';
import { benchLogger, pluginDatabase } from './services';

/** The router's default `techInsights.checksRunConcurrency`. */
const CHECKS_RUN_CONCURRENCY = 100;

/** A scheduler that runs a task when it is triggered, never on its own. */
function manualScheduler(): SchedulerService {
  const tasks = new Map<string, () => Promise<void>>();
  const scheduler: Pick<SchedulerService, 'scheduleTask' | 'triggerTask'> = {
    async scheduleTask(task) {
      tasks.set(task.id, async () => {
        await task.fn(new AbortController().signal);
      });
    },
    async triggerTask(id: string) {
      const run = tasks.get(id);
      if (!run) throw new Error(`no task ${id}`);
      await run();
    },
  };
  return scheduler as unknown as SchedulerService;
}

/** Runs `fn` over `items`, at most `limit` at once, results in order (p-limit's contract). */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

export class TheirSide {
  private constructor(
    private readonly store: TechInsightsStore,
    private readonly checker: JsonRulesEngineFactChecker,
    private readonly client: Knex,
  ) {}

  /** Builds Tech Insights on `target` and stores the facts through its fact retriever engine. */
  static async create(options: {
    target: DatabaseTarget;
    facts: ComponentFactSet[];
    checks: BenchCheck[];
    problems: string[];
  }): Promise<{ side: TheirSide; loadMs: number }> {
    const logger = benchLogger('tech-insights', options.problems);
    const database = pluginDatabase(options.target, 'tech-insights', logger);
    const retriever: FactRetriever = {
      id: FACT_RETRIEVER_ID,
      version: '1.0.0',
      title: 'Golden Path security posture',
      entityFilter: [{ kind: 'component' }],
      schema: TECH_INSIGHTS_SCHEMA as FactRetriever['schema'],
      async handler() {
        return options.facts.map(c => ({
          entity: { namespace: 'default', kind: 'component', name: c.name },
          facts: techInsightsFacts(c),
        }));
      },
    };
    const factCheckerFactory = new JsonRulesEngineFactCheckerFactory({
      checks: techInsightsChecks(options.checks),
      logger,
      operators: [
        new Operator(
          ON_OR_AFTER,
          (factValue: unknown, jsonValue: unknown) =>
            typeof factValue === 'string' &&
            Date.parse(factValue) >= Date.parse(String(jsonValue)),
        ),
      ],
    });
    const context = await buildTechInsightsContext({
      factRetrievers: [
        createFactRetrieverRegistration({
          cadence: '0 0 1 1 *',
          factRetriever: retriever,
        }),
      ],
      factCheckerFactory,
      logger,
      config: new ConfigReader({}),
      database,
      scheduler: manualScheduler(),
      // the bench's fact retriever reads none of these
      discovery: {} as DiscoveryService,
      auth: {} as AuthService,
      urlReader: {} as UrlReaderService,
    });
    const store = context.persistenceContext.techInsightsStore;
    const start = Date.now();
    await context.factRetrieverEngine.triggerJob(FACT_RETRIEVER_ID);
    const loadMs = Date.now() - start;
    const stored = (await store.getEntities()).length;
    if (stored !== options.facts.length) {
      throw new Error(
        `Tech Insights stored facts for ${stored} entities, expected ${options.facts.length}`,
      );
    }
    return {
      side: new TheirSide(
        store,
        context.factChecker as unknown as JsonRulesEngineFactChecker,
        await database.getClient(),
      ),
      loadMs,
    };
  }

  private static passes(
    results: Awaited<ReturnType<JsonRulesEngineFactChecker['runChecks']>>,
  ): Map<string, boolean> {
    return new Map(results.map(r => [r.check.id, r.result]));
  }

  /** The bulk check run: every entity with facts, all checks, 100 entities at once. */
  async runAll(): Promise<EntityResults> {
    const entities = await this.store.getEntities();
    const results = await mapLimit(
      entities,
      CHECKS_RUN_CONCURRENCY,
      async entity => {
        const ref = stringifyEntityRef(entity);
        return [ref, TheirSide.passes(await this.checker.runChecks(ref))] as [
          string,
          Map<string, boolean>,
        ];
      },
    );
    return new Map(results);
  }

  /** One entity's checks (`POST /checks/run/:namespace/:kind/:name`, in process). */
  async runOne(entityRef: string): Promise<Map<string, boolean>> {
    return TheirSide.passes(await this.checker.runChecks(entityRef));
  }

  async close(): Promise<void> {
    await this.client.destroy();
  }
}
