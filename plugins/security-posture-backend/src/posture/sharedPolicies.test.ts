import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { anotherPool } from '../__testUtils__/database';
import {
  API,
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';
import { readFixture } from '../parsers/testFixtures';
import { PosturePolicies } from './PosturePolicies';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api';

/** A folder with one warn-mode posture policy that always reports `message`. */
function policyFolder(name: string, message: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `posture-policies-`));
  fs.writeFileSync(
    path.join(dir, `${name}.yaml`),
    [
      'apiVersion: golden-path.dev/v1',
      'kind: Policy',
      'metadata:',
      `  name: ${name}`,
      `  description: Reports which release's policy files evaluated the posture.`,
      'spec:',
      '  target: posture',
      '  mode: warn',
      '  rules:',
      '    - id: release',
      '      title: Which release',
      '      severity: low',
      '      fix: Nothing to fix.',
      '      expression: "false"',
      `      message: ${message}`,
      '',
    ].join('\n'),
  );
  return dir;
}

async function policyOf(server: TestServer) {
  const res = await request(server)
    .get(`${API}/v1/entities/component/default/payments-api/posture`)
    .set('Authorization', mockCredentials.user.header());
  expect(res.status).toBe(200);
  return res.body.policy as {
    evaluatedAt: string;
    policies: string[];
    violations: { policy: string; message: string }[];
  };
}

describe.each(databases.eachSupportedId())(
  'posture policies shared by replicas on %p',
  databaseId => {
    let knex: Knex;
    let second: Knex;
    const folders = [
      policyFolder('release-one', 'evaluated by the policies of release one'),
      policyFolder('release-two', 'evaluated by the policies of release two'),
    ];
    const config = (dir: string) => ({
      securityPosture: {
        notifications: { enabled: false },
        policies: { builtin: false, directories: [dir] },
      },
    });

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      // a second replica's own pool on PostgreSQL; the embedded SQLite is one file, one pool
      second = knex.client.config.client === 'pg' ? anotherPool(knex) : knex;
    });

    afterAll(async () => {
      if (second !== knex) await second.destroy();
      folders.forEach(dir => fs.rmSync(dir, { recursive: true, force: true }));
    });

    it('evaluates one set on every replica during a rollout: the last replica started publishes its files, the others follow without recomputing back and forth', async () => {
      const old = await startPostureBackend({
        knex,
        config: config(folders[0]),
      });
      try {
        const upload = await uploadReport(
          old.server,
          PAYMENTS,
          readFixture('trivy', 'trivy_image_alpine-310.json'),
        );
        expect(upload.status).toBe(201);
        expect((await policyOf(old.server)).policies).toEqual(['release-one']);

        // the rollout starts a replica of the next release, with other policy files
        const next = await startPostureBackend({
          knex: second,
          config: config(folders[1]),
        });
        try {
          const published = await knex('posture_policy_set').select(
            'digest',
            'policy_count',
          );
          expect(published).toEqual([
            {
              digest: (
                await PosturePolicies.load(
                  config(folders[1]).securityPosture.policies,
                )
              ).digest,
              policy_count: 1,
            },
          ]);

          // the new replica evaluates its set; the old one follows the shared row, not its files
          const first = await policyOf(next.server);
          expect(first.policies).toEqual(['release-two']);
          const reads = [];
          for (let i = 0; i < 3; i++) {
            reads.push(await policyOf(old.server), await policyOf(next.server));
          }
          for (const read of reads) {
            expect(read.policies).toEqual(['release-two']);
            // stored once and read from then on: no replica recomputed the other's posture
            expect(read.evaluatedAt).toBe(first.evaluatedAt);
          }

          // an ingest through the old replica stores an evaluation of the shared set too
          const again = await uploadReport(
            old.server,
            PAYMENTS,
            readFixture('grype', 'defectdojo_grype_check_all_fields.json'),
          );
          expect(again.status).toBe(201);
          const afterIngest = await policyOf(next.server);
          expect(afterIngest.policies).toEqual(['release-two']);
          expect(afterIngest.evaluatedAt).not.toBe(first.evaluatedAt);
          expect((await policyOf(old.server)).evaluatedAt).toBe(
            afterIngest.evaluatedAt,
          );
        } finally {
          await next.backend.stop();
        }
      } finally {
        await old.backend.stop();
      }
    });

    it('gives the same digest to the same files read from disk and from the published texts', async () => {
      const loaded = await PosturePolicies.load({
        builtin: true,
        directories: [folders[0]],
      });
      const parsed = PosturePolicies.fromSources(loaded.sources);
      expect(parsed.digest).toBe(loaded.digest);
      expect(parsed.policies.map(p => p.name)).toEqual(
        loaded.policies.map(p => p.name),
      );
      // the built-in files are labelled by package path, so every host's install gives one digest
      expect(
        loaded.sources.filter(s =>
          s.file.startsWith('@golden-path/policy/policies/posture/'),
        ).length,
      ).toBeGreaterThan(0);
    });
  },
);
