import {
  coreServices,
  createBackendModule,
  DatabaseService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { closeIdleSockets, request } from './http';

/** A backend started for the benchmark, with direct access to the plugin's database. */
export interface BenchBackend {
  /** `http://127.0.0.1:<port>` of the running backend. */
  baseUrl: string;
  /** The security-posture plugin's own knex client (same database, same configuration). */
  postureDb: Knex;
  /** GETs `path` as a user; throws on any status other than 200. */
  getJson(path: string): Promise<unknown>;
  /**
   * Runs one of the plugin's scheduled tasks now (e.g. `security-posture-advisory-refresh`) and
   * resolves when it has finished: the test backend's scheduler calls the task's function itself.
   */
  runPostureTask(id: string): Promise<void>;
  /** POSTs a report body as a service principal; throws on any status other than 201. */
  postReport(query: string, body: Buffer): Promise<IngestResponse>;
  stop(): Promise<void>;
}

/** The part of the ingest response the benchmark checks. */
export interface IngestResponse {
  counts: {
    new: number;
    unchanged: number;
    fixed: number;
    reopened: number;
  };
  tools: string[];
}

const USER = mockCredentials.user.header();
const SERVICE = mockCredentials.service.header();

/**
 * Starts a real backend: the real catalog plugin (reading `catalogFile`) and the security-posture
 * plugin, on the real database service with `database` as `backend.database`. Auth is the test
 * backend's mock (tokens are accepted without signatures), which costs both plugins the same.
 */
export async function startBenchBackend(options: {
  database: JsonObject;
  catalogFile: string;
  /** The components the bench's CI credential reports for (default bench-big and bench-typical). */
  reportsFor?: string[];
  /** The kinds the catalog accepts from the file (default Component and Group). */
  catalogKinds?: string[];
  /** More `securityPosture` configuration (e.g. `advisories`), merged over the bench's own. */
  postureConfig?: JsonObject;
}): Promise<BenchBackend> {
  let postureDatabase: DatabaseService | undefined;
  let postureScheduler: SchedulerService | undefined;
  // A module of the plugin gets exactly the database service the plugin itself gets.
  const probe = createBackendModule({
    pluginId: 'security-posture',
    moduleId: 'bench-database-probe',
    register(reg) {
      reg.registerInit({
        deps: {
          database: coreServices.database,
          scheduler: coreServices.scheduler,
        },
        async init({ database, scheduler }) {
          postureDatabase = database;
          postureScheduler = scheduler;
        },
      });
    },
  });

  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      import('@golden-path/plugin-security-posture-backend'),
      probe,
      databaseServiceFactory,
      // the backend's own warnings and errors (e.g. a failed ingest) reach the console
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          backend: { database: options.database },
          // no notifications backend here: the plugin would log every send it cannot make
          securityPosture: {
            notifications: { enabled: false },
            // the bench's CI credential (the mock service principal) reports for its components
            uploads: {
              tokens: [
                {
                  subject: 'external:test-service',
                  entities: options.reportsFor ?? [
                    'component:default/bench-big',
                    'component:default/bench-typical',
                  ],
                },
              ],
              // the load benchmark uploads far more than a pipeline would
              perMinute: 100_000,
            },
            ...options.postureConfig,
          },
          catalog: {
            rules: [{ allow: options.catalogKinds ?? ['Component', 'Group'] }],
            locations: [{ type: 'file', target: options.catalogFile }],
            // no periodic re-processing while latencies are measured
            processingInterval: { hours: 1 },
          },
        },
      }),
    ],
  });
  if (!postureDatabase) {
    throw new Error('the security-posture database service was not created');
  }
  const postureDb = await postureDatabase.getClient();
  // Node's server closes idle keep-alive sockets after 5 s, and a client reusing one at that moment
  // gets ECONNRESET (the plugin's own catalog client met it between two imports). The benchmark
  // has pauses of about that length (parsing, corpus loading): keep sockets open longer.
  backend.server.keepAliveTimeout = 120_000;
  const baseUrl = `http://127.0.0.1:${backend.server.port()}`;

  return {
    baseUrl,
    postureDb,
    async getJson(path) {
      const res = await request(`${baseUrl}${path}`, {
        method: 'GET',
        headers: { Authorization: USER },
      });
      if (res.status !== 200) {
        throw new Error(
          `GET ${path} answered ${res.status}: ${res.text.slice(0, 300)}`,
        );
      }
      return JSON.parse(res.text);
    },
    async runPostureTask(id) {
      // the test backend's scheduler (mockServices.scheduler) runs the task's function and waits
      await postureScheduler!.triggerTask(id);
    },
    async postReport(query, body) {
      const path = `/api/security-posture/v1/reports?${query}`;
      const res = await request(`${baseUrl}${path}`, {
        method: 'POST',
        headers: {
          Authorization: SERVICE,
          'Content-Type': 'application/json',
        },
        body,
      });
      if (res.status !== 201) {
        throw new Error(
          `POST ${path} answered ${res.status}: ${res.text.slice(0, 300)}`,
        );
      }
      return JSON.parse(res.text) as IngestResponse;
    },
    async stop() {
      closeIdleSockets();
      await backend.stop();
    },
  };
}
