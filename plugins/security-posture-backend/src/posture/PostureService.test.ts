import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { readFixture } from '../parsers/testFixtures';
import { postureServicesFor } from '../__testUtils__/services';
import { PostureNotifier } from '../notifications/PostureNotifier';
import { PosturePolicies } from './PosturePolicies';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('PostureService on %p', id => {
  it('serves the stored posture until an SLA due date passes, then recomputes it', async () => {
    const knex = await databases.init(id as TestDatabaseId);
    let clock = new Date('2026-01-01T10:00:00.000Z');
    const service = await postureServicesFor(knex, { now: () => clock });

    // one gitleaks leak: severity high, due 30 days after it is first seen
    await service.ingest.ingest({
      entityRef: 'component:default/payments-api',
      body: readFixture('gitleaks', 'gitleaks_json_simple.json'),
      uploadedBy: 'test',
    });
    const fresh = await service.postures.getPosture(
      'component:default/payments-api',
    );
    expect(fresh.open.high).toBe(1);
    expect(fresh.overdue).toBe(0);
    expect(fresh.topFindings).toHaveLength(1);
    expect(fresh.topFindings[0].overdue).toBe(false);

    clock = new Date('2026-02-01T10:00:00.000Z');
    const late = await service.postures.getPosture(
      'component:default/payments-api',
    );
    expect(late.overdue).toBe(1);
    expect(late.topFindings[0].overdue).toBe(true);
    expect(late.score).toBeLessThan(fresh.score!);
    expect(late.scoreBreakdown).toContainEqual({
      label: '1 overdue high',
      points: -20,
    });
  });
});

describe.each(databases.eachSupportedId())(
  'PostureService.getPostureJson on %p',
  id => {
    it('is the JSON text of getPosture: stored, recomputed, with policies and not enrolled', async () => {
      const knex = await databases.init(id as TestDatabaseId);
      let clock = new Date('2026-01-01T10:00:00.000Z');
      const service = await postureServicesFor(knex, {
        now: () => clock,
        policies: await PosturePolicies.load({
          builtin: true,
          directories: [],
        }),
      });
      const ref = 'component:default/payments-api';
      await service.ingest.ingest({
        entityRef: ref,
        body: readFixture('gitleaks', 'gitleaks_json_simple.json'),
        uploadedBy: 'test',
      });
      const stored = await service.postures.getPostureJson(ref);
      const posture = await service.postures.getPosture(ref);
      expect(stored).toBe(JSON.stringify(posture));
      expect(posture.topFindings).toHaveLength(1);
      expect(posture.policy).toBeDefined();

      // past the due date: recomputed on this read, then served as stored
      clock = new Date('2026-02-01T10:00:00.000Z');
      const recomputed = await service.postures.getPostureJson(ref);
      expect(JSON.parse(recomputed).overdue).toBe(1);
      expect(recomputed).toBe(
        JSON.stringify(await service.postures.getPosture(ref)),
      );
      expect(await service.postures.getPostureJson(ref)).toBe(recomputed);

      // a component only the catalog knows
      const other = 'component:default/checkout-web';
      expect(await service.postures.getPostureJson(other)).toBe(
        JSON.stringify(await service.postures.getPosture(other)),
      );
      await expect(
        service.postures.getPostureJson('component:default/no-such-thing'),
      ).rejects.toThrow('No entity component:default/no-such-thing');
    });
  },
);

describe.each(databases.eachSupportedId())(
  'PostureService SLA breach notifications on %p',
  id => {
    it('notifies the owners once, on the daily run after a due date passes', async () => {
      const knex = await databases.init(id as TestDatabaseId);
      const sent: { to: unknown; title: string; topic?: string }[] = [];
      let clock = new Date('2026-01-01T10:00:00.000Z');
      const logger = mockServices.logger.mock();
      const service = await postureServicesFor(knex, {
        logger,
        now: () => clock,
        notifier: new PostureNotifier(
          {
            async send(options) {
              sent.push({
                to: options.recipients,
                title: options.payload.title,
                topic: options.payload.topic,
              });
            },
          },
          logger,
        ),
      });
      // one high leak: due 30 days after it is first seen
      await service.ingest.ingest({
        entityRef: 'component:default/payments-api',
        body: readFixture('gitleaks', 'gitleaks_json_simple.json'),
        uploadedBy: 'test',
      });
      await service.tasks.snapshotAll();
      expect(sent).toEqual([]);

      clock = new Date('2026-01-31T11:00:00.000Z');
      await service.tasks.snapshotAll();
      expect(sent).toEqual([
        {
          to: { type: 'entity', entityRef: 'group:default/payments' },
          title:
            'component:default/payments-api: 1 finding(s) passed their SLA due date',
          topic: 'security-posture:sla-breach',
        },
      ]);

      clock = new Date('2026-02-01T11:00:00.000Z');
      await service.tasks.snapshotAll();
      expect(sent).toHaveLength(1);
    });
  },
);
