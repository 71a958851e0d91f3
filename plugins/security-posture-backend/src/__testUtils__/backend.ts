import { authServiceFactory } from '@backstage/backend-defaults/auth';
import {
  DefaultHttpAuthService,
  httpAuthServiceFactory,
} from '@backstage/backend-defaults/httpAuth';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  HttpAuthService,
  PermissionsService,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  ServiceMock,
  startTestBackend,
  TestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { securityPosturePlugin } from '../plugin';
import { createPostureRooms } from '../wiring';
import { testOrg } from './org';

/**
 * The CI credential of the tests: the mock service principal (`mockCredentials.service()`, subject
 * `external:test-service`), scoped like a static token to the test organisation's root group, so
 * it may report for every component of it, and do nothing else.
 */
const TEST_CI_SCOPE = {
  subject: 'external:test-service',
  groups: ['group:default/engineering'],
};

/** A test's configuration with the tests' CI credential scoped (unless the test scopes its own). */
export function withTestCiScope(config: JsonObject = {}): JsonObject {
  const posture = (config.securityPosture ?? {}) as JsonObject;
  const uploads = (posture.uploads ?? {}) as JsonObject;
  return {
    ...config,
    securityPosture: {
      ...posture,
      uploads: { ...uploads, tokens: uploads.tokens ?? [TEST_CI_SCOPE] },
    },
  };
}

/** Where the plugin's API is mounted in a test backend. */
export const API = '/api/security-posture';

/** The HTTP server of a test backend (what supertest is given). */
export type TestServer = TestBackend['server'];

/** A permissions mock whose decisions a test controls. */
export type PermissionsMock = ServiceMock<PermissionsService>;

/** A test database of `TestDatabases`, initialised by {@link startPostureBackend}. */
export interface TestDatabase {
  databases: TestDatabases;
  id: TestDatabaseId | string;
}

/** What a posture test backend is made of; every part has the tests' usual default. */
export interface PostureBackendOptions {
  /** The database: a knex of the test's own, or one to initialise (default: in-memory SQLite). */
  knex?: Knex;
  database?: TestDatabase;
  /** Root configuration (`securityPosture`, `goldenPath`, `integrations`, ...). */
  config?: JsonObject;
  /** The catalog's entities (default: the test organisation, {@link testOrg}). */
  entities?: Entity[];
  /** The permission framework's stand-in (default: Backstage's, which allows everything). */
  permissions?: PermissionsMock;
  /** Capture the scheduled tasks in `tasks` instead of running them (default: false). */
  captureTasks?: boolean;
  /** More features: modules, plugins or service factories of the test. */
  features?: BackendFeature[];
  /**
   * Backstage's real auth and httpAuth services instead of the mocks, so
   * `backend.auth.externalAccess` entries (static tokens, jwks) really verify what callers send.
   */
  realAuth?: boolean;
  /**
   * With {@link PostureBackendOptions.realAuth}: still accept the test mocks' user tokens and
   * plugin-on-behalf-of-user tokens (`mockCredentials.user.header()`, `mockCredentials.service.header({ onBehalfOf })`),
   * since a test has no auth backend to sign real user tokens; every other token goes through the
   * real services.
   */
  mockUserTokens?: boolean;
}

/** A running posture test backend. */
export interface PostureBackend {
  backend: TestBackend;
  server: TestServer;
  /** What the plugin sent to the notifications backend (the recording stand-in), in order. */
  sent: NotificationSendOptions[];
  /** The scheduled tasks' functions by id, when `captureTasks` was given. */
  tasks: Map<string, SchedulerServiceTaskFunction>;
}

/** Backstage's httpAuth, except that the test mocks' tokens (`mock-...`) are the mock's to read. */
const httpAuthWithMockUsers = createServiceFactory({
  service: coreServices.httpAuth,
  deps: {
    auth: coreServices.auth,
    discovery: coreServices.discovery,
    plugin: coreServices.pluginMetadata,
  },
  factory({ auth, discovery, plugin }) {
    const real = DefaultHttpAuthService.create({
      auth,
      discovery,
      pluginId: plugin.getId(),
    });
    const mock = mockServices.httpAuth({
      pluginId: plugin.getId(),
      defaultCredentials: mockCredentials.none(),
    });
    const isMock = (req: { headers: { authorization?: string } }) =>
      /^Bearer\s+mock-/i.test(req.headers.authorization ?? '');
    return {
      credentials: ((req, opts) =>
        isMock(req)
          ? mock.credentials(req, opts)
          : real.credentials(req, opts)) as HttpAuthService['credentials'],
      issueUserCookie: (res, opts) => real.issueUserCookie(res, opts),
    };
  },
});

/**
 * A permissions mock that refuses every request (basic, resource and conditional). Test use only.
 */
export function denyAll(): PermissionsMock {
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(() => ({ result: AuthorizeResult.DENY })),
    authorizeConditional: async requests =>
      requests.map(() => ({ result: AuthorizeResult.DENY })),
  });
}

/**
 * The security-posture plugin in a test backend (`startTestBackend`): over the given test
 * database, the given catalog entities and configuration, with httpAuth that treats requests
 * without credentials as unauthenticated, the given permission stand-in, and a notifications
 * service that records what would be sent. Test use only.
 */
export async function startPostureBackend(
  options: PostureBackendOptions &
    ({ knex: Knex } | { database: TestDatabase }),
): Promise<PostureBackend & { knex: Knex }>;
export async function startPostureBackend(
  options?: PostureBackendOptions,
): Promise<PostureBackend>;
export async function startPostureBackend(
  options: PostureBackendOptions = {},
): Promise<PostureBackend & { knex?: Knex }> {
  const knex =
    options.knex ??
    (options.database
      ? await options.database.databases.init(
          options.database.id as TestDatabaseId,
        )
      : undefined);
  const sent: NotificationSendOptions[] = [];
  const tasks = new Map<string, SchedulerServiceTaskFunction>();
  const backend = await startTestBackend({
    features: [
      securityPosturePlugin,
      ...(knex ? [mockServices.database.factory({ knex })] : []),
      catalogServiceMock.factory({ entities: options.entities ?? testOrg }),
      mockServices.rootConfig.factory({
        data: withTestCiScope(options.config),
      }),
      ...(options.realAuth
        ? [
            authServiceFactory,
            options.mockUserTokens
              ? httpAuthWithMockUsers
              : httpAuthServiceFactory,
          ]
        : [
            // requests without credentials are unauthenticated (the mock's default is a user)
            mockServices.httpAuth.factory({
              defaultCredentials: mockCredentials.none(),
            }),
          ]),
      ...(options.permissions ? [options.permissions.factory] : []),
      ...(options.captureTasks
        ? [
            mockServices.scheduler.mock({
              async scheduleTask(task) {
                tasks.set(task.id, task.fn as SchedulerServiceTaskFunction);
              },
            }).factory,
          ]
        : []),
      // the notifications backend is another plugin: record what would be sent to it
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          async send(sendOptions: NotificationSendOptions) {
            sent.push(sendOptions);
          },
        }),
      }),
      ...(options.features ?? []),
    ],
  });
  return { backend, server: backend.server, knex, sent, tasks };
}

/**
 * `POST /v1/reports?<query>` with a report body, sent as text with Content-Type
 * application/json (supertest would serialize a Buffer as JSON). Service credentials by default.
 * Test use only.
 */
export function postReport(
  server: TestServer,
  query: string,
  body: Buffer | string,
  auth: string = mockCredentials.service.header(),
): request.Test {
  return request(server)
    .post(`${API}/v1/reports?${query}`)
    .set('Authorization', auth)
    .set('Content-Type', 'application/json')
    .send(body.toString());
}

/** {@link postReport} of a report for one component. Test use only. */
export function uploadReport(
  server: TestServer,
  entityRef: string,
  body: Buffer | string,
  auth?: string,
): request.Test {
  return postReport(server, `entityRef=${entityRef}`, body, auth);
}

/**
 * What `plugin.ts` wires for its router, in process over a migrated test database: the posture
 * services over a real store, the audit log, the templates room and the exceptions room, with
 * the given catalog and configuration (no notifications; scheduled tasks are not run). For tests
 * that mount `createRouter` on their own. Test use only.
 */
export async function postureRooms(
  knex: Knex,
  options: { config?: JsonObject; entities?: Entity[] } = {},
) {
  const rootConfig = new ConfigReader(withTestCiScope(options.config));
  const logger = mockServices.logger.mock();
  const rooms = await createPostureRooms({
    rootConfig,
    logger,
    database: mockServices.database({ knex }),
    auth: mockServices.auth(),
    catalog: catalogServiceMock({ entities: options.entities ?? testOrg }),
    urlReader: UrlReaders.default({ config: rootConfig, logger }),
    scheduler: mockServices.scheduler.mock(),
  });
  return { rootConfig, logger, ...rooms };
}
