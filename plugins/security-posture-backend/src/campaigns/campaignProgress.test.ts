import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import semver from 'semver';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { DEFAULT_POSTURE_CONFIG } from '../config';
import { DatabasePostureStore } from '../database/DatabasePostureStore';
import { DatabaseInventoryStore } from '../inventory/InventoryStore';
import { PostureNotifier } from '../notifications/PostureNotifier';
import { readFixture } from '../parsers/testFixtures';
import {
  API,
  PostureBackend,
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';
import { testComponent, testOrg } from '../__testUtils__/org';
import {
  madeFromNodeService,
  NODE_SERVICE_LATEST,
  nodeServiceTemplate,
  TEMPLATES,
} from '../__testUtils__/templateEntities';
import { CampaignEvaluator } from './CampaignEvaluator';
import { CampaignStore } from './CampaignStore';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout-web';
const TASK = 'security-posture-campaigns-daily';

/** Grype's real CycloneDX SBOM of log4j-core 2.13.2, with its vulnerabilities (CVE-2021-44228 is on KEV). */
const LOG4J_SBOM = readFixture(
  'cyclonedx',
  'defectdojo_grype-0.41.0_cyclonedx-1.4_log4j.cdx.json',
).toString();

const user = mockCredentials.user.header();
const DAY = 24 * 3600 * 1000;
const inDays = (days: number, from = Date.now()) =>
  new Date(from + days * DAY).toISOString();
const today = () => new Date().toISOString().slice(0, 10);

/** No known-exploited vulnerability in the payments system (payments-api, checkout-web). */
const KEV_CAMPAIGN = {
  title: 'No known-exploited vulnerability in payments',
  description: 'CISA KEV findings fixed everywhere in the payments system.',
  goal: { type: 'policy', expression: 'posture.knownExploited == 0' },
  scope: { systems: ['payments-system'] },
  deadline: inDays(30),
  ownerRef: 'group:default/engineering',
};

const create = (server: TestServer, body: object) =>
  request(server)
    .post(`${API}/v1/campaigns`)
    .set('Authorization', user)
    .send(body);

const detail = (server: TestServer, id: string) =>
  request(server)
    .get(`${API}/v1/campaigns/${id}`)
    .set('Authorization', user)
    .expect(200);

const entityCampaigns = (server: TestServer, ref: string) => {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return request(server)
    .get(`${API}/v1/entities/${kind}/${namespace}/${name}/campaigns`)
    .set('Authorization', user);
};

async function runDaily(backend: PostureBackend) {
  const task = backend.tasks.get(TASK);
  if (!task) throw new Error(`${TASK} was not scheduled`);
  await task(new AbortController().signal);
}

/**
 * A campaign evaluator of its own over a test database (another replica, in effect), with a fixed
 * clock and a notifications backend that records what it is given (none: notifications off).
 */
async function replica(
  knex: Knex,
  now: Date,
  sent: NotificationSendOptions[] | undefined,
  catalog = new CatalogFacts(
    catalogServiceMock({ entities: testOrg }),
    mockServices.auth(),
  ),
) {
  const logger = mockServices.logger.mock();
  const notifications: NotificationService | undefined = sent && {
    async send(options: NotificationSendOptions) {
      sent.push(options);
    },
  };
  return new CampaignEvaluator({
    store: new CampaignStore(knex),
    catalog,
    postures: await DatabasePostureStore.create({
      database: mockServices.database({ knex }),
      skipMigrations: true,
    }),
    config: DEFAULT_POSTURE_CONFIG,
    inventory: new DatabaseInventoryStore(knex),
    notifier: new PostureNotifier(notifications, logger),
    logger,
    now: () => now,
  });
}

/** A boolean column as either database answers it. */
const asBoolean = (value: unknown) => value === true || Number(value) === 1;

const campaignNotices = (sent: NotificationSendOptions[]) =>
  sent
    .filter(s => s.payload.topic === 'security-posture:campaign')
    .map(s => [
      (s.recipients as { entityRef: string }).entityRef,
      s.payload.title,
    ]);

describe.each(databases.eachSupportedId())(
  'campaign progress on %p',
  databaseId => {
    let backend: PostureBackend & { knex: Knex };

    beforeAll(async () => {
      backend = await startPostureBackend({
        database: { databases, id: databaseId },
        captureTasks: true,
        entities: testOrg,
      });
    });

    afterAll(() => backend.backend.stop());

    it('is stored on create, changes with an upload, and keeps one day row per day however often it runs', async () => {
      const created = await create(backend.server, {
        ...KEV_CAMPAIGN,
        title: 'KEV before and after an upload',
      }).expect(201);
      const id = created.body.id;
      // evaluated before the answer: nothing uploaded yet, both comply
      const before = await detail(backend.server, id);
      expect(before.body.progress).toMatchObject({ compliant: 2, failing: 0 });
      expect(before.body.progress.history).toEqual([
        { day: today(), compliant: 2, failing: 0 },
      ]);
      const entityBefore = await entityCampaigns(backend.server, CHECKOUT)
        .expect(200)
        .then(r => r.body.items.find((i: any) => i.campaign.id === id));
      expect(entityBefore).toMatchObject({
        status: 'active',
        compliant: true,
        reason: null,
      });

      // the upload brings CVE-2021-44228 (known exploited) to checkout-web
      await uploadReport(backend.server, CHECKOUT, LOG4J_SBOM).expect(201);
      const after = await detail(backend.server, id);
      expect(after.body.progress).toMatchObject({ compliant: 1, failing: 1 });
      expect(after.body.progress.components[0]).toMatchObject({
        entityRef: CHECKOUT,
        compliant: false,
        reason: 'does not meet posture.knownExploited == 0',
      });
      expect(
        after.body.progress.evaluatedAt >= before.body.progress.evaluatedAt,
      ).toBe(true);
      // today's row follows the stored status
      expect(after.body.progress.history).toEqual([
        { day: today(), compliant: 1, failing: 1 },
      ]);
      const entityAfter = await entityCampaigns(backend.server, CHECKOUT)
        .expect(200)
        .then(r => r.body.items.find((i: any) => i.campaign.id === id));
      expect(entityAfter).toMatchObject({
        compliant: false,
        reason: 'does not meet posture.knownExploited == 0',
        evaluatedAt: expect.any(String),
      });

      // the daily task, twice: still one row for today
      await runDaily(backend);
      await runDaily(backend);
      const rows = await backend
        .knex('posture_campaign_days')
        .where({ campaign_id: id });
      expect(
        rows.map(r => [r.day, Number(r.compliant), Number(r.failing)]),
      ).toEqual([[today(), 1, 1]]);
      const list = await request(backend.server)
        .get(`${API}/v1/campaigns`)
        .set('Authorization', user)
        .expect(200);
      expect(list.body.items.find((c: any) => c.id === id)).toMatchObject({
        status: 'active',
        summary: { compliant: 1, failing: 1, evaluatedAt: expect.any(String) },
      });
    });

    it('a daily run that changes nothing keeps the rows and shows every component evaluated at its time', async () => {
      const created = await create(backend.server, {
        ...KEV_CAMPAIGN,
        title: 'Evaluated daily',
      }).expect(201);
      const id = created.body.id;
      const stored = async () =>
        (
          await backend
            .knex('posture_campaign_status')
            .where({ campaign_id: id })
            .orderBy('entity_ref')
        ).map(r => [r.entity_ref, Boolean(r.compliant), r.reason ?? null]);
      const rowsBefore = await stored();
      const at = new Date(Date.now() + 1000);
      await (await replica(backend.knex, at, undefined)).daily();
      expect(await stored()).toEqual(rowsBefore);
      const progress = await detail(backend.server, id);
      expect(progress.body.progress.evaluatedAt).toBe(at.toISOString());
      const list = await request(backend.server)
        .get(`${API}/v1/campaigns`)
        .set('Authorization', user)
        .expect(200);
      expect(
        list.body.items.find((c: any) => c.id === id).summary.evaluatedAt,
      ).toBe(at.toISOString());
      for (const ref of [PAYMENTS, CHECKOUT]) {
        const item = await entityCampaigns(backend.server, ref)
          .expect(200)
          .then(r => r.body.items.find((i: any) => i.campaign.id === id));
        expect(item.evaluatedAt).toBe(at.toISOString());
      }
      // today's counts are those of the stored rows
      const day = await backend
        .knex('posture_campaign_days')
        .where({ campaign_id: id, day: at.toISOString().slice(0, 10) })
        .first();
      const compliant = rowsBefore.filter(r => r[1]).length;
      expect([Number(day.compliant), Number(day.failing)]).toEqual([
        compliant,
        rowsBefore.length - compliant,
      ]);
    });

    it('an upload on another replica evaluates the campaigns created, changed and deleted since its last one', async () => {
      // another replica's evaluator, as an upload's afterApply calls it: in a transaction
      const other = await replica(backend.knex, new Date(), undefined);
      const evaluate = () =>
        backend.knex.transaction(tx => other.evaluateComponent(CHECKOUT, tx));
      const statusOf = (id: string) =>
        backend
          .knex('posture_campaign_status')
          .where({ campaign_id: id, entity_ref: CHECKOUT })
          .first();
      await create(backend.server, {
        ...KEV_CAMPAIGN,
        title: 'Known to the other replica',
      }).expect(201);
      const before = await evaluate();

      // created on this replica: the other's next evaluation holds it and writes its row
      const created = await create(backend.server, {
        ...KEV_CAMPAIGN,
        title: 'Created after',
        goal: { type: 'policy', expression: 'posture.open.critical >= 100' },
      }).expect(201);
      const id = created.body.id;
      await backend
        .knex('posture_campaign_status')
        .where({ campaign_id: id, entity_ref: CHECKOUT })
        .delete();
      expect(await evaluate()).toBe(before + 1);
      expect(await statusOf(id)).toMatchObject({
        reason: 'does not meet posture.open.critical >= 100',
      });

      // its goal changed here: the other evaluates the new goal (its row made stale first)
      const {
        id: _i,
        createdBy: _c,
        createdAt: _a,
        updatedAt: _u,
        ...fields
      } = created.body;
      await request(backend.server)
        .put(`${API}/v1/campaigns/${id}`)
        .set('Authorization', user)
        .send({
          ...fields,
          goal: { type: 'policy', expression: 'posture.open.critical >= 0' },
        })
        .expect(200);
      await backend
        .knex('posture_campaign_status')
        .where({ campaign_id: id, entity_ref: CHECKOUT })
        .update({ compliant: false, reason: 'stale' });
      expect(await evaluate()).toBe(before + 1);
      expect(await statusOf(id)).toMatchObject({ reason: null });
      expect(asBoolean((await statusOf(id)).compliant)).toBe(true);

      // deleted here: no longer evaluated there
      await request(backend.server)
        .delete(`${API}/v1/campaigns/${id}`)
        .set('Authorization', user)
        .expect(204);
      expect(await evaluate()).toBe(before);
      expect(await statusOf(id)).toBeUndefined();
    });

    it('lists a campaign that has not started as scheduled, and a component outside every scope with none', async () => {
      const created = await create(backend.server, {
        ...KEV_CAMPAIGN,
        title: 'Next month',
        startsAt: inDays(20),
        deadline: inDays(50),
      }).expect(201);
      const list = await request(backend.server)
        .get(`${API}/v1/campaigns`)
        .set('Authorization', user)
        .expect(200);
      const item = list.body.items.find((c: any) => c.id === created.body.id);
      expect(item.status).toBe('scheduled');
      expect(item.summary).toMatchObject({ compliant: 1, failing: 1 });
      // the nearest deadline first
      const deadlines = list.body.items.map((c: any) => c.deadline);
      expect(deadlines).toEqual([...deadlines].sort());
      const outside = await entityCampaigns(
        backend.server,
        'component:default/auth-service',
      ).expect(200);
      expect(outside.body.items).toEqual([]);
      const checkout = await entityCampaigns(backend.server, CHECKOUT).expect(
        200,
      );
      const ids = checkout.body.items.map((i: any) => i.campaign.id);
      expect(ids).toContain(created.body.id);
      const shown = checkout.body.items.map((i: any) => i.campaign.deadline);
      expect(shown).toEqual([...shown].sort());
    });

    it('deletes a campaign with its progress, series and notices, audit-logged; then 404', async () => {
      const created = await create(backend.server, {
        ...KEV_CAMPAIGN,
        title: 'To be deleted',
      }).expect(201);
      const id = created.body.id;
      expect(
        await backend
          .knex('posture_campaign_status')
          .where({ campaign_id: id }),
      ).toHaveLength(2);
      await request(backend.server)
        .delete(`${API}/v1/campaigns/${id}`)
        .set('Authorization', user)
        .expect(204);
      await request(backend.server)
        .get(`${API}/v1/campaigns/${id}`)
        .set('Authorization', user)
        .expect(404);
      const again = await request(backend.server)
        .delete(`${API}/v1/campaigns/${id}`)
        .set('Authorization', user)
        .expect(404);
      expect(again.body.error.message).toMatch(/No campaign/);
      for (const table of [
        'posture_campaign_status',
        'posture_campaign_days',
        'posture_campaign_notices',
      ]) {
        expect(await backend.knex(table).where({ campaign_id: id })).toEqual(
          [],
        );
      }
      const audit = await request(backend.server)
        .get(`${API}/v1/audit?type=campaign.deleted`)
        .set('Authorization', user)
        .expect(200);
      // one event for this campaign (other tests of this backend delete theirs)
      const events = audit.body.items.filter(
        (e: any) => e.details.campaign.id === id,
      );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'campaign.deleted',
        actor: 'user:default/mock',
        details: { campaign: { id, title: 'To be deleted' } },
      });
    });

    it('tells owning groups once across replicas: at the start, at a milestone if failing, after the deadline if failing', async () => {
      const deadline = inDays(30);
      const created = await create(backend.server, {
        ...KEV_CAMPAIGN,
        title: 'Notified <b>campaign</b>',
        deadline,
      }).expect(201);
      const id = created.body.id;
      // started now: each owning group of a component in scope told once, linked to the campaign
      const starts = backend.sent.filter(
        s =>
          s.payload.topic === 'security-posture:campaign' &&
          s.payload.scope === `security-posture:campaign:${id}`,
      );
      expect(
        starts
          .map(s => (s.recipients as { entityRef: string }).entityRef)
          .sort(),
      ).toEqual(['group:default/checkout', 'group:default/payments']);
      expect(starts[0].payload).toMatchObject({
        title: 'Campaign started: Notified <b>campaign</b>',
        link: `/security-campaigns/${id}`,
      });
      const deadlineMs = Date.parse(deadline);

      // six and a half days before the deadline, two replicas: the 7-day milestone, to the group
      // with a failing component only (checkout), once; the start not again
      const sentA: NotificationSendOptions[] = [];
      const sentB: NotificationSendOptions[] = [];
      const milestoneAt = new Date(deadlineMs - 6.5 * DAY);
      await (await replica(backend.knex, milestoneAt, sentA)).daily();
      await (await replica(backend.knex, milestoneAt, sentB)).daily();
      const ours = (sent: NotificationSendOptions[]) =>
        sent.filter(s => s.payload.scope === `security-posture:campaign:${id}`);
      expect(campaignNotices([...ours(sentA), ...ours(sentB)])).toEqual([
        [
          'group:default/checkout',
          'Campaign Notified <b>campaign</b>: 7 day(s) left',
        ],
      ]);

      // two hours after the deadline: 'deadline' to checkout only, once
      const afterA: NotificationSendOptions[] = [];
      const afterB: NotificationSendOptions[] = [];
      const endedAt = new Date(deadlineMs + 2 * 3600 * 1000);
      await (await replica(backend.knex, endedAt, afterA)).daily();
      await (await replica(backend.knex, endedAt, afterB)).daily();
      expect(campaignNotices([...ours(afterA), ...ours(afterB)])).toEqual([
        [
          'group:default/checkout',
          'Campaign deadline passed: Notified <b>campaign</b>',
        ],
      ]);
      expect(ours(afterA)[0]?.payload ?? ours(afterB)[0].payload).toMatchObject(
        { severity: 'critical', link: `/security-campaigns/${id}` },
      );
      // the day rows of those days, one each
      const days = await detail(backend.server, id);
      expect(days.body.progress.history.map((d: any) => d.day)).toEqual([
        today(),
        milestoneAt.toISOString().slice(0, 10),
        endedAt.toISOString().slice(0, 10),
      ]);

      // the notices stored: one row per group and event
      const notices = await backend
        .knex('posture_campaign_notices')
        .where({ campaign_id: id })
        .orderBy(['group_ref', 'event']);
      expect(notices.map(n => [n.group_ref, n.event])).toEqual([
        ['group:default/checkout', 'deadline'],
        ['group:default/checkout', 'milestone-7'],
        ['group:default/checkout', 'start'],
        ['group:default/payments', 'start'],
      ]);
    });

    it('sends nothing when notifications are off', async () => {
      const created = await create(backend.server, {
        ...KEV_CAMPAIGN,
        title: 'Quiet',
      }).expect(201);
      const deadlineMs = Date.parse(created.body.deadline);
      const off = await replica(
        backend.knex,
        new Date(deadlineMs + 3600 * 1000),
        undefined,
      );
      expect(await off.daily()).toMatchObject({ notified: 0 });
      const notices = await backend
        .knex('posture_campaign_notices')
        .where({ campaign_id: created.body.id, event: 'deadline' });
      expect(notices).toEqual([]);
    });

    it("commits an upload whose campaign evaluation fails, with the evaluation's writes rolled back alone", async () => {
      const created = await create(backend.server, {
        ...KEV_CAMPAIGN,
        title: 'Evaluation fails inside the upload',
      }).expect(201);
      const id = created.body.id;
      const statusOf = async (ref: string) =>
        (await backend
          .knex('posture_campaign_status')
          .where({ campaign_id: id, entity_ref: ref })
          .first()) ?? null;
      const before = await statusOf(PAYMENTS);
      expect(before).toMatchObject({ reason: null });
      // the day rows' table gone: the evaluation upserts the status rows, then fails on the day
      // rows, inside the upload's transaction
      await backend.knex.schema.renameTable(
        'posture_campaign_days',
        'posture_campaign_days_away',
      );
      try {
        const upload = await uploadReport(
          backend.server,
          PAYMENTS,
          LOG4J_SBOM,
        ).expect(201);
        expect(upload.body.counts.new).toBeGreaterThan(0);
      } finally {
        await backend.knex.schema.renameTable(
          'posture_campaign_days_away',
          'posture_campaign_days',
        );
      }
      // the upload is stored, the evaluation's status upsert is not (its savepoint rolled back)
      const open = await backend
        .knex('posture_findings')
        .where({ entity_ref: PAYMENTS, status: 'open' })
        .count({ n: '*' });
      expect(Number(open[0].n)).toBeGreaterThan(0);
      expect(await statusOf(PAYMENTS)).toEqual(before);
      // the next evaluation (the daily run) catches up
      await runDaily(backend);
      expect(await statusOf(PAYMENTS)).toMatchObject({
        reason: 'does not meet posture.knownExploited == 0',
      });
    });
  },
);

describe.each(databases.eachSupportedId())(
  'template campaigns on %p',
  databaseId => {
    it('are evaluated again when a new template version is published', async () => {
      // a copy of node-service the test publishes a new version of
      const root = fs.mkdtempSync(
        path.join(os.tmpdir(), 'campaign-templates-'),
      );
      const dir = path.join(root, 'node-service');
      fs.cpSync(path.join(TEMPLATES, 'node-service'), dir, { recursive: true });
      const template = nodeServiceTemplate(
        `file:${path.join(dir, 'template.yaml')}`,
      );
      const component = madeFromNodeService('orders-api', '1.0.0');
      const backend = await startPostureBackend({
        database: { databases, id: databaseId },
        entities: [...testOrg, template, component],
        config: {
          securityPosture: {
            templates: { localRoots: [root] },
            scorecards: { catalogCacheSeconds: 0 },
          },
        },
      });
      try {
        const created = await create(backend.server, {
          ...KEV_CAMPAIGN,
          title: 'Everyone on the newest node-service',
          goal: {
            type: 'template',
            templateRef: 'template:default/node-service',
            minVersion: NODE_SERVICE_LATEST,
          },
          scope: { templates: ['template:default/node-service'] },
        }).expect(201);
        const id = created.body.id;
        const first = await detail(backend.server, id);
        expect(first.body.progress.components).toEqual([
          expect.objectContaining({
            entityRef: 'component:default/orders-api',
            compliant: false,
            reason: `on template:default/node-service 1.0.0, below ${NODE_SERVICE_LATEST}`,
          }),
        ]);

        // the component is upgraded (the catalog reads its new version): nothing evaluated yet
        component.metadata.annotations!['golden-path.dev/template-version'] =
          NODE_SERVICE_LATEST;
        const stale = await detail(backend.server, id);
        expect(stale.body.progress.failing).toBe(1);

        // a new version of node-service is published: the template campaigns evaluated again
        const next = semver.inc(NODE_SERVICE_LATEST, 'patch')!;
        const yaml = path.join(dir, 'template.yaml');
        fs.writeFileSync(
          yaml,
          fs
            .readFileSync(yaml, 'utf8')
            .replace(
              /(golden-path\.dev\/template-version:\s*)\d+\.\d+\.\d+/,
              `$1${next}`,
            ),
        );
        template.metadata.annotations!['golden-path.dev/template-version'] =
          next;
        await request(backend.server)
          .get(`${API}/v1/templates`)
          .set('Authorization', user)
          .expect(200);
        const after = await detail(backend.server, id);
        expect(after.body.progress).toMatchObject({ compliant: 1, failing: 0 });
      } finally {
        await backend.backend.stop();
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  },
);

describe.each(databases.eachSupportedId())(
  'campaign progress under concurrent uploads on %p',
  databaseId => {
    it('an upload while no campaign is live does not read the organisation', async () => {
      const backend = await startPostureBackend({
        database: { databases, id: databaseId },
      });
      try {
        const catalog = new CatalogFacts(
          catalogServiceMock({ entities: testOrg }),
          mockServices.auth(),
        );
        const loadOrg = jest.spyOn(catalog, 'loadOrg');
        const other = await replica(
          backend.knex,
          new Date(),
          undefined,
          catalog,
        );
        const evaluate = () =>
          backend.knex.transaction(tx => other.evaluateComponent(CHECKOUT, tx));
        expect(await evaluate()).toBe(0);
        expect(loadOrg).not.toHaveBeenCalled();
        // once one is, the same evaluation reads it and finds the campaign holding checkout-web
        await create(backend.server, KEV_CAMPAIGN).expect(201);
        expect(await evaluate()).toBe(1);
        expect(loadOrg).toHaveBeenCalledTimes(1);
      } finally {
        await backend.backend.stop();
      }
    });

    it("keeps each campaign's status and today's counts exact when many components upload at once", async () => {
      // 12 services in the payments system, each uploading at the same time as the others
      const services = Array.from({ length: 12 }, (_, i) =>
        testComponent(`svc-${i}`, 'payments', 'payments-system', '2'),
      );
      const refs = services.map(e => `component:default/${e.metadata.name}`);
      const backend = await startPostureBackend({
        database: { databases, id: databaseId },
        entities: [...testOrg, ...services],
      });
      try {
        const clean = JSON.stringify({
          ...JSON.parse(LOG4J_SBOM),
          vulnerabilities: [],
        });
        const ids: string[] = [];
        for (const body of [
          KEV_CAMPAIGN,
          {
            ...KEV_CAMPAIGN,
            title: 'No Log4Shell',
            goal: { type: 'no-finding', filter: { rule: 'CVE-2021-44228' } },
          },
          {
            ...KEV_CAMPAIGN,
            title: 'No critical finding',
            goal: { type: 'policy', expression: 'posture.open.critical == 0' },
          },
        ]) {
          ids.push((await create(backend.server, body).expect(201)).body.id);
        }
        // three rounds; in each, every service uploads log4j's SBOM with its vulnerabilities or
        // without them, alternating, all at once
        const vulnerable = new Set<string>();
        for (let round = 0; round < 3; round++) {
          const answers = await Promise.all(
            refs.map((ref, i) => {
              const withVulns = (i + round) % 2 === 0;
              if (withVulns) vulnerable.add(ref);
              else vulnerable.delete(ref);
              return uploadReport(
                backend.server,
                ref,
                withVulns ? LOG4J_SBOM : clean,
              );
            }),
          );
          expect(answers.map(a => a.status)).toEqual(refs.map(() => 201));
        }
        for (const id of ids) {
          const status = await backend
            .knex('posture_campaign_status')
            .where({ campaign_id: id })
            .whereIn('entity_ref', refs);
          // every evaluation in an upload was applied (none rolled back by a lock conflict)
          expect(
            status
              .filter(r => !asBoolean(r.compliant))
              .map(r => r.entity_ref)
              .sort(),
          ).toEqual([...vulnerable].sort());
          // and today's counts moved by exactly what each changed
          const all = await backend
            .knex('posture_campaign_status')
            .where({ campaign_id: id });
          const compliant = all.filter(r => asBoolean(r.compliant)).length;
          const day = await backend
            .knex('posture_campaign_days')
            .where({ campaign_id: id, day: today() })
            .first();
          expect([Number(day.compliant), Number(day.failing)]).toEqual([
            compliant,
            all.length - compliant,
          ]);
        }
      } finally {
        await backend.backend.stop();
      }
    });
  },
);

describe("a component's campaigns and their permission", () => {
  it('needs security-posture.posture.read on the component', async () => {
    const backend = await startPostureBackend({
      entities: testOrg,
      permissions: mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => {
            const { resourceRef } = r as { resourceRef?: string };
            return {
              result:
                !resourceRef || resourceRef === CHECKOUT
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            };
          }),
        authorizeConditional: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW } as any)),
      }),
    });
    try {
      const created = await create(backend.server, KEV_CAMPAIGN).expect(201);
      const allowed = await entityCampaigns(backend.server, CHECKOUT).expect(
        200,
      );
      expect(allowed.body.items).toEqual([
        {
          campaign: created.body,
          status: 'active',
          compliant: true,
          reason: null,
          evaluatedAt: expect.any(String),
        },
      ]);
      const denied = await entityCampaigns(backend.server, PAYMENTS).expect(
        403,
      );
      expect(denied.body.error.message).toBe(
        `not allowed to read the security posture of ${PAYMENTS}`,
      );
    } finally {
      await backend.backend.stop();
    }
  });
});
