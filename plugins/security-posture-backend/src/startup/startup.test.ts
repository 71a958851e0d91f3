import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { readFixture } from '../parsers/testFixtures';
import { securityPosturePlugin } from '../plugin';
import { testOrg } from '../__testUtils__/org';
import { API, uploadReport, withTestCiScope } from '../__testUtils__/backend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** One line the plugins logged: its level, message and the fields (an error's, when one was given). */
interface Line {
  level: string;
  message: string;
  meta?: unknown;
}

/** The root logger of the test backend, recording every plugin's lines. */
function recordingLogger(lines: Line[]) {
  const make = (): LoggerService => {
    const at =
      (level: string) =>
      (message: string, meta?: unknown): void => {
        lines.push({ level, message, meta });
      };
    return {
      error: at('error'),
      warn: at('warn'),
      info: at('info'),
      debug: at('debug'),
      child: () => make(),
    };
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => make(),
  });
}

/** The error the plugin failed its start-up with (Backstage's BackendStartupError holds it). */
function pluginFailure(error: unknown): Error {
  const result = (
    error as {
      result?: { plugins: { pluginId: string; failure?: { error: Error } }[] };
    }
  ).result;
  const failure = result?.plugins.find(
    p => p.pluginId === 'security-posture',
  )?.failure;
  if (!failure) {
    throw new Error(`not a start-up failure of the plugin: ${error}`);
  }
  return failure.error;
}

const STACK_FRAME = /\n\s+at /;

describe.each(databases.eachSupportedId())(
  'start-up in an adopter app on %p',
  databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
    });

    /** The plugin alone over the test database, the catalog's stand-in and `config`. */
    function start(
      config: JsonObject,
      options: { lines?: Line[]; catalog?: boolean } = {},
    ) {
      return startTestBackend({
        features: [
          securityPosturePlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({ data: config }),
          ...(options.catalog === false
            ? []
            : [catalogServiceMock.factory({ entities: testOrg })]),
          ...(options.lines ? [recordingLogger(options.lines)] : []),
        ],
      });
    }

    it.each<[string, JsonObject, RegExp]>([
      [
        'a value of the wrong type',
        { securityPosture: { scoring: { grades: { A: 'high' } } } },
        /key 'securityPosture\.scoring\.grades\.A' .* to a number/,
      ],
      [
        'grades out of order',
        { securityPosture: { scoring: { grades: { A: 50, B: 80 } } } },
        /securityPosture\.scoring\.grades must satisfy A >= B >= C >= D/,
      ],
      [
        'a cron expression that is not one',
        { securityPosture: { snapshot: { cron: 'every day' } } },
        /securityPosture\.snapshot\.cron is 'every day', which is not a cron expression/,
      ],
      [
        'an exploit-data source that is not an http(s) URL',
        { securityPosture: { priority: { kev: { url: 'file:///etc/kev' } } } },
        /securityPosture\.priority\.kev\.url is 'file:\/\/\/etc\/kev', which is not an http\(s\) URL/,
      ],
      [
        'an unknown CI provider',
        {
          securityPosture: {
            uploads: {
              trust: [{ subjectPrefix: 'bitbucket', provider: 'bitbucket' }],
            },
          },
        },
        /securityPosture\.uploads\.trust\[0\]\.provider must be github or gitlab, not 'bitbucket'/,
      ],
      [
        'an exception limit below its floor',
        { securityPosture: { exceptions: { maxDays: 0 } } },
        /securityPosture\.exceptions\.maxDays must be an integer >= 1/,
      ],
      [
        'a policy folder that does not exist',
        {
          securityPosture: {
            policies: { directories: ['/nonexistent/golden-path-policies'] },
          },
        },
        /securityPosture\.policies\.directories has '\/nonexistent\/golden-path-policies', which is not a folder/,
      ],
      [
        'a copyleft licence entry that is not an SPDX id or prefix',
        {
          securityPosture: {
            policies: { copyleftLicenses: ['GPL-*', 'GNU GPL v3'] },
          },
        },
        /securityPosture\.policies\.copyleftLicenses\[1\] is 'GNU GPL v3', which is neither an SPDX licence id/,
      ],
      [
        'an upgrade target that is a URL, not a host',
        {
          securityPosture: {
            templates: {
              upgrades: { allowedRepositories: ['https://github.com/acme'] },
            },
          },
        },
        /securityPosture\.templates\.upgrades\.allowedRepositories has 'https:\/\/github\.com\/acme'/,
      ],
      [
        'the permission framework on without a permission backend',
        { permission: { enabled: true } },
        /permission\.enabled is true, but no permission backend answers: add @backstage\/plugin-permission-backend/,
      ],
    ])(
      'stops start-up on %s with one message naming the key, no stack, and no table written',
      async (_what, config, message) => {
        const lines: Line[] = [];
        const failed = await start(config, { lines }).then(
          () => undefined,
          error => error,
        );
        expect(failed).toBeDefined();
        const error = pluginFailure(failed);
        expect(error.name).toBe('ConfigurationError');
        expect(error.message).toMatch(message);
        // one line of text: the frames of the code that read the value are not for the person
        // who has to change it
        expect(error.message).not.toContain('\n');
        expect(error.stack).not.toMatch(STACK_FRAME);
        // what Backstage logged for the plugin carries the message and no frame either
        const logged = lines.filter(
          l => l.level === 'error' && l.message.includes("'security-posture'"),
        );
        expect(logged).toHaveLength(1);
        expect(String((logged[0].meta as Error).stack)).not.toMatch(
          STACK_FRAME,
        );
        // checked before anything is written: not even the migrations ran
        expect(await knex.schema.hasTable('posture_findings')).toBe(false);
      },
    );

    it('starts without the permission framework or a notifications backend, with one warning each; owners are not notified and uploads still apply', async () => {
      const lines: Line[] = [];
      // the tests' CI credential may report for the test organisation
      const backend = await start(withTestCiScope(), { lines });
      try {
        const warnings = lines.filter(l => l.level === 'warn');
        expect(
          warnings.filter(l =>
            /permission\.enabled is not true/.test(l.message),
          ),
        ).toHaveLength(1);
        expect(
          warnings.filter(l =>
            /no notifications backend in this Backstage/.test(l.message),
          ),
        ).toHaveLength(1);

        // the default notifications service posts to a notifications plugin this backend does
        // not have: two uploads with new critical findings, one warning, both applied
        const before = lines.length;
        const grype = readFixture(
          'grype',
          'defectdojo_grype_check_all_fields.json',
        );
        for (const entityRef of [
          'component:default/payments-api',
          'component:default/checkout-web',
        ]) {
          const res = await uploadReport(backend.server, entityRef, grype);
          expect(res.status).toBe(201);
          expect(res.body.counts.new).toBeGreaterThan(0);
        }
        const after = lines.slice(before);
        const notified = after.filter(l =>
          /owners are not notified: the notifications backend did not answer \(404/.test(
            l.message,
          ),
        );
        expect(notified).toHaveLength(1);
        expect(notified[0].level).toBe('warn');
        expect(
          after.filter(l => /could not notify/.test(l.message)),
        ).toHaveLength(0);
        const posture = await request(backend.server)
          .get(`${API}/v1/entities/component/default/checkout-web/posture`)
          .set('Authorization', mockCredentials.user.header());
        expect(posture.status).toBe(200);
        expect(posture.body.open.critical).toBeGreaterThan(0);
      } finally {
        await backend.stop();
      }
    });

    it('says once that the catalog does not answer, and its API answers 503 naming the catalog instead of a 500', async () => {
      const lines: Line[] = [];
      // the default catalog service asks the catalog plugin, which this backend does not have
      const backend = await start(
        { securityPosture: { notifications: { enabled: false } } },
        { lines, catalog: false },
      );
      try {
        const catalogLines = lines.filter(l =>
          /the catalog does not answer/.test(l.message),
        );
        expect(catalogLines).toHaveLength(1);
        expect(catalogLines[0].level).toBe('error');
        expect(catalogLines[0].message).toMatch(
          /\(404 Not Found\); the plugin needs Backstage's catalog: add @backstage\/plugin-catalog-backend/,
        );
        const res = await request(backend.server)
          .get(`${API}/v1/scorecards?groupBy=owner`)
          .set('Authorization', mockCredentials.user.header());
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.body.error).toEqual({
          name: 'ServiceUnavailableError',
          message:
            'catalog did not answer (404 Not Found); nothing was written, try again shortly',
        });
        expect(JSON.stringify(res.body)).not.toMatch(STACK_FRAME);
      } finally {
        await backend.stop();
      }
    });
  },
);
