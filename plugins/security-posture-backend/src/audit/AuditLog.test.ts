import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { DatabasePostureStore } from '../database/DatabasePostureStore';
import { securityPosturePlugin } from '../plugin';
import { testOrg } from '../__testUtils__/org';
import { AuditLog } from './AuditLog';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('AuditLog on %p', databaseId => {
  let knex: Knex;
  let clock: Date;
  let audit: AuditLog;

  beforeEach(async () => {
    knex = await databases.init(databaseId as TestDatabaseId);
    await DatabasePostureStore.create({
      database: mockServices.database({ knex }),
    });
    clock = new Date('2026-11-24T10:00:00.000Z');
    audit = new AuditLog(knex, () => clock);
  });

  it('records events and queries them newest first by every filter, page by page', async () => {
    await audit.record({
      type: 'exception.requested',
      entityRef: 'Component:default/Payments-API',
      actor: 'user:default/blake.dev',
      details: { exceptionId: 'e1' },
    });
    clock = new Date('2026-11-24T11:00:00.000Z');
    await audit.record({
      type: 'exception.approved',
      entityRef: 'component:default/payments-api',
      actor: 'user:default/avery.lead',
      details: { exceptionId: 'e1', comment: 'ok' },
    });
    clock = new Date('2026-11-24T12:00:00.000Z');
    await audit.record({
      type: 'gate.decision',
      entityRef: 'component:default/identity-api',
      actor: 'service:ci',
      details: { decision: 'allow' },
    });

    const all = await audit.query();
    expect(all.items.map(e => e.type)).toEqual([
      'gate.decision',
      'exception.approved',
      'exception.requested',
    ]);
    expect(all.nextCursor).toBeUndefined();
    expect(all.items[2]).toEqual({
      id: expect.any(String),
      type: 'exception.requested',
      entityRef: 'component:default/payments-api',
      actor: 'user:default/blake.dev',
      details: { exceptionId: 'e1' },
      createdAt: '2026-11-24T10:00:00.000Z',
    });

    const payments = await audit.query({
      entityRef: 'component:default/payments-api',
    });
    expect(payments.items.map(e => e.type)).toEqual([
      'exception.approved',
      'exception.requested',
    ]);
    expect(
      (await audit.query({ type: 'gate.decision' })).items.map(e => e.actor),
    ).toEqual(['service:ci']);
    expect(
      (await audit.query({ actor: 'user:default/avery.lead' })).items.map(
        e => e.type,
      ),
    ).toEqual(['exception.approved']);
    expect(
      (await audit.query({ since: '2026-11-24T11:00:00Z' })).items.map(
        e => e.type,
      ),
    ).toEqual(['gate.decision', 'exception.approved']);

    const first = await audit.query({ limit: 2 });
    expect(first.items.map(e => e.type)).toEqual([
      'gate.decision',
      'exception.approved',
    ]);
    const second = await audit.query({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map(e => e.type)).toEqual(['exception.requested']);
    expect(second.nextCursor).toBeUndefined();
  });

  it("writes inside the caller's transaction: a rolled-back change leaves no event", async () => {
    await expect(
      knex.transaction(async tx => {
        await audit.record(
          {
            type: 'exception.requested',
            actor: 'user:default/blake.dev',
            details: {},
          },
          tx,
        );
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await audit.query()).items).toEqual([]);
  });

  it('refuses a bad cursor, limit or since with a message naming it', async () => {
    await expect(audit.query({ cursor: 'nonsense' })).rejects.toThrow(
      /cursor is not valid/,
    );
    await expect(audit.query({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(audit.query({ since: 'yesterday' })).rejects.toThrow(/since/);
  });
});

describe.each(databases.eachSupportedId())(
  'GET /v1/audit on %p',
  databaseId => {
    it('answers holders of security-posture.audit.read, refuses others and unauthenticated callers', async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      const permissions = mockServices.permissions.mock();
      permissions.authorize.mockImplementation(async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
      );
      const { server } = await startTestBackend({
        features: [
          securityPosturePlugin,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: testOrg }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          permissions.factory,
        ],
      });
      await new AuditLog(knex).record({
        type: 'gate.decision',
        entityRef: 'component:default/payments-api',
        actor: 'service:ci',
        details: { decision: 'deny' },
      });
      const user = mockCredentials.user.header('user:default/avery.lead');

      await request(server).get('/api/security-posture/v1/audit').expect(401);
      const denied = await request(server)
        .get('/api/security-posture/v1/audit')
        .set('Authorization', user)
        .expect(403);
      expect(denied.body.error.message).toContain(
        'security-posture.audit.read',
      );

      permissions.authorize.mockImplementation(async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      );
      const res = await request(server)
        .get('/api/security-posture/v1/audit')
        .query({ entityRef: 'component:default/payments-api' })
        .set('Authorization', user)
        .expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          type: 'gate.decision',
          actor: 'service:ci',
          details: { decision: 'deny' },
        }),
      ]);
      expect(permissions.authorize).toHaveBeenLastCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'security-posture.audit.read',
            }),
          },
        ],
        expect.anything(),
      );
      await request(server)
        .get('/api/security-posture/v1/audit')
        .query({ limit: 0 })
        .set('Authorization', user)
        .expect(400);
    });
  },
);
