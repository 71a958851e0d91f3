import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ScorecardRow } from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import { testOrg } from '../__testUtils__/org';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { DEFAULT_POSTURE_CONFIG } from '../config';
import { DatabasePostureStore } from '../database/DatabasePostureStore';
import { StoredPosture } from '../database/PostureStore';
import { emptyCounts } from '../lib/counts';
import { ScorecardService, VisibleFilter } from './ScorecardService';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api'; // tier 1: weight 3
const CHECKOUT = 'component:default/checkout-web'; // tier 2: weight 2
const AUTH = 'component:default/auth-service'; // tier 1: weight 3
const EVERY = [PAYMENTS, CHECKOUT, AUTH];

const everything: VisibleFilter = async refs => new Set(refs);

/** The UTC day `n` days before 2026-03-14 (the test's today). */
const dayBefore = (n: number) =>
  new Date(Date.parse('2026-03-14T00:00:00Z') - n * 86_400_000)
    .toISOString()
    .slice(0, 10);

describe.each(databases.eachSupportedId())('ScorecardService on %p', id => {
  let knex: Knex;
  let store: DatabasePostureStore;
  let now: Date;
  let service: ScorecardService;

  beforeEach(async () => {
    knex = await databases.init(id as TestDatabaseId);
    store = await DatabasePostureStore.create({
      database: mockServices.database({ knex }),
    });
    now = new Date('2026-03-14T12:00:00Z');
    service = new ScorecardService({
      store,
      catalog: new CatalogFacts(
        catalogServiceMock({ entities: testOrg }),
        mockServices.auth(),
      ),
      config: DEFAULT_POSTURE_CONFIG,
      requireKnown: async ref => ref,
      now: () => now,
    });
  });

  afterEach(async () => {
    await knex.destroy();
  });

  async function savePosture(
    entityRef: string,
    score: number,
    figures: {
      critical: number;
      high: number;
      overdue: number;
      fixed: number;
      meanDays: number | null;
    },
  ) {
    const at = now.toISOString();
    const stored = {
      computedAt: at,
      validUntil: at,
      open: {
        ...emptyCounts(),
        critical: figures.critical,
        high: figures.high,
      },
      overdue: figures.overdue,
      overdueBySeverity: emptyCounts(),
      suppressed: 0,
      breakdown: [],
      mttr: { fixed: figures.fixed, meanDays: figures.meanDays },
      coverage: [],
      checks: [],
    } satisfies StoredPosture;
    await store.transaction(async tx => {
      await store.upsertComponent(
        tx,
        {
          entityRef,
          tier: null,
          lifecycle: null,
          ownerRef: null,
          systemRef: null,
          domainRef: null,
        },
        at,
      );
      await store.savePosture(tx, entityRef, {
        score,
        grade: null,
        stored,
        lastScanAt: at,
        topFindings: [],
      });
    });
  }

  /** payments-api at 80 and checkout-web at 50, with their open, overdue and fixed findings. */
  async function savePaymentsAndCheckout() {
    await savePosture(PAYMENTS, 80, {
      critical: 1,
      high: 2,
      overdue: 1,
      fixed: 4,
      meanDays: 10,
    });
    await savePosture(CHECKOUT, 50, {
      critical: 0,
      high: 3,
      overdue: 2,
      fixed: 1,
      meanDays: 5,
    });
  }

  async function snapshot(entityRef: string, day: string, score: number) {
    await store.transaction(tx =>
      store.upsertSnapshot(tx, {
        entityRef,
        day,
        score,
        grade: null,
        open: emptyCounts(),
        overdue: 0,
      }),
    );
  }

  const rowsOf = async (
    groupBy: 'owner' | 'system' | 'domain',
    visible = everything,
  ): Promise<Record<string, ScorecardRow>> =>
    Object.fromEntries(
      (await service.scorecards(groupBy, visible)).items.map(r => [
        r.entityRef,
        r,
      ]),
    );

  it('rolls up open counts, overdue, coverage, tier-weighted scores and time to remediate over nested groups', async () => {
    await savePaymentsAndCheckout();
    // auth-service has no posture: counted in the total, not in the scanned or the score

    const owners = await rowsOf('owner');
    const engineering = owners['group:default/engineering'];
    expect(engineering.componentRefs).toEqual([AUTH, CHECKOUT, PAYMENTS]);
    expect(engineering.open).toEqual({
      ...emptyCounts(),
      critical: 1,
      high: 5,
    });
    expect(engineering.overdue).toBe(3);
    expect(engineering.coverage).toEqual({ scanned: 2, total: 3 });
    // (80 * 3 + 50 * 2) / 5 = 68
    expect(engineering.score).toBe(68);
    expect(engineering.grade).not.toBeNull();
    // (4 * 10 + 1 * 5) / 5 = 9
    expect(engineering.meanTimeToRemediateDays).toBe(9);
    expect(owners['group:default/checkout']).toMatchObject({
      score: 50,
      overdue: 2,
      coverage: { scanned: 1, total: 1 },
      meanTimeToRemediateDays: 5,
    });
    expect(owners['group:default/identity']).toMatchObject({
      score: null,
      grade: null,
      coverage: { scanned: 0, total: 1 },
      meanTimeToRemediateDays: null,
    });

    const systems = await rowsOf('system');
    expect(systems['system:default/payments-system'].score).toBe(68);
    expect(systems['system:default/identity-system'].score).toBeNull();
    const domains = await rowsOf('domain');
    expect(domains['domain:default/commerce'].coverage).toEqual({
      scanned: 2,
      total: 3,
    });
  });

  it('counts only the components the caller may read', async () => {
    await savePaymentsAndCheckout();
    await snapshot(CHECKOUT, dayBefore(5), 40);
    // the whole organisation first, so that what is kept for it is there to be misused
    expect((await rowsOf('owner'))['group:default/engineering'].score).toBe(68);
    const onlyCheckout: VisibleFilter = async refs =>
      new Set(refs.filter(r => r === CHECKOUT));
    const owners = await rowsOf('owner', onlyCheckout);
    expect(owners['group:default/engineering']).toMatchObject({
      componentRefs: [CHECKOUT],
      score: 50,
      open: { ...emptyCounts(), high: 3 },
      overdue: 2,
      coverage: { scanned: 1, total: 1 },
      meanTimeToRemediateDays: 5,
    });
    expect(owners['group:default/engineering'].trend[8]).toBe(40);
    expect(owners['group:default/identity']).toMatchObject({
      componentRefs: [],
      score: null,
      coverage: { scanned: 0, total: 0 },
    });
    // and the whole organisation again, unchanged by the narrower read
    expect(
      (await rowsOf('owner'))['group:default/engineering'].componentRefs,
    ).toEqual([AUTH, CHECKOUT, PAYMENTS]);
  });

  it('draws the 14-day trend from every day of the window, today and yesterday read fresh on each request', async () => {
    for (const ref of EVERY) await savePosture(ref, 70, emptyFigures());
    // settled days: 13 days ago (the window's first), 6 days ago; and one day before the window
    await snapshot(PAYMENTS, dayBefore(14), 10);
    await snapshot(PAYMENTS, dayBefore(13), 90);
    await snapshot(CHECKOUT, dayBefore(13), 40);
    await snapshot(AUTH, dayBefore(6), 60);
    await snapshot(PAYMENTS, dayBefore(1), 50);

    let engineering = (await rowsOf('owner'))['group:default/engineering'];
    const expected: (number | null)[] = Array(14).fill(null);
    expected[0] = Math.round((90 * 3 + 40 * 2) / 5); // 70
    expected[7] = 60;
    expected[12] = 50;
    expect(engineering.trend).toEqual(expected);

    // today's and yesterday's snapshots change as postures are computed: each request sees them
    await snapshot(PAYMENTS, dayBefore(0), 100);
    await snapshot(CHECKOUT, dayBefore(1), 20);
    engineering = (await rowsOf('owner'))['group:default/engineering'];
    expected[12] = Math.round((50 * 3 + 20 * 2) / 5); // 38
    expected[13] = 100;
    expect(engineering.trend).toEqual(expected);
    expect(
      (await rowsOf('system'))['system:default/payments-system'].trend,
    ).toEqual([...expected.slice(0, 7), null, ...expected.slice(8)]);

    // the next day the window moves on: yesterday's points become settled and stay
    now = new Date('2026-03-15T08:00:00Z');
    await snapshot(AUTH, '2026-03-15', 30);
    engineering = (await rowsOf('owner'))['group:default/engineering'];
    expect(engineering.trend).toEqual([
      ...expected.slice(1),
      Math.round((30 * 3) / 3),
    ]);
  });
});

function emptyFigures() {
  return { critical: 0, high: 0, overdue: 0, fixed: 0, meanDays: null };
}
