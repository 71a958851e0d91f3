import { TestDatabases } from '@backstage/backend-test-utils';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { readFixture } from '../parsers/testFixtures';
import {
  API,
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';
import { licenceIds, isCopyleft } from '../inventory/licences';
import { ComponentPackageRow } from '../inventory/InventoryStore';
import { inventoryFacts } from './inventoryFacts';
import { PosturePolicies } from './PosturePolicies';
import { Posture } from '@golden-path/plugin-security-posture-common';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api'; // tier 1
const CHECKOUT = 'component:default/checkout-web'; // tier 2
/** Grype's report of a Debian image: libc6 and libc-bin (GPL-2, LGPL-2.1), libgssapi-krb5-2 (GPL-2). */
const GRYPE = readFixture('grype', 'defectdojo_grype_check_all_fields.json');

const user = mockCredentials.user.header();

async function copyleftWarnings(server: TestServer, entityRef: string) {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  const res = await request(server)
    .get(`${API}/v1/entities/${kind}/${namespace}/${name}/posture`)
    .set('Authorization', user)
    .expect(200);
  return {
    policies: res.body.policy.policies as string[],
    warnings: (res.body.policy.violations as any[])
      .filter(v => v.policy === 'copyleft-licences')
      .map(v => `${v.mode} ${v.severity} ${v.message}`),
  };
}

describe('licence expressions', () => {
  it('names the ids of an SPDX expression, or the name itself', () => {
    expect(
      licenceIds(
        '(MIT OR GPL-2.0-only WITH Classpath-exception-2.0) AND BSD-3-Clause',
      ),
    ).toEqual(['MIT', 'GPL-2.0-only', 'BSD-3-Clause']);
    expect(licenceIds('GPL v2')).toEqual(['GPL v2']);
    // SPDX's operators are upper case: `and` in a name is a word of the name
    expect(licenceIds('LGPLv2 and zlib')).toEqual(['LGPLv2 and zlib']);
  });

  it('is copyleft when it leaves no choice but a copyleft licence', () => {
    const gnu = ['GPL-*', 'AGPL-*', 'LGPL-*'];
    expect(isCopyleft('GPL-3.0-only', gnu)).toBe(true);
    expect(isCopyleft('gpl-2.0-or-later', gnu)).toBe(true);
    expect(isCopyleft('AGPL-3.0-only', ['AGPL-3.0-only'])).toBe(true);
    expect(isCopyleft('AGPL-3.0-or-later', ['AGPL-3.0-only'])).toBe(false);
    // a choice of a permissive licence
    expect(isCopyleft('GPL-2.0-only OR MIT', gnu)).toBe(false);
    expect(isCopyleft('(GPL-2.0-only OR LGPL-2.1-only)', gnu)).toBe(true);
    // both apply
    expect(isCopyleft('MIT AND LGPL-2.1-or-later', gnu)).toBe(true);
    expect(isCopyleft('GPL-2.0-only WITH Classpath-exception-2.0', gnu)).toBe(
      true,
    );
    expect(isCopyleft('MIT', gnu)).toBe(false);
    expect(isCopyleft('Apache-2.0', gnu)).toBe(false);
    // a name that is no expression is matched whole
    expect(isCopyleft('GPL v2', gnu)).toBe(false);
    expect(isCopyleft('(MIT', gnu)).toBe(false);
  });
});

describe('the inventory posture policies see', () => {
  const row = (
    name: string,
    licenses: string[],
    tool = 'syft',
  ): ComponentPackageRow => ({
    tool,
    purl: `pkg:npm/${name}@1.0.0`,
    type: 'npm',
    namespace: '',
    name,
    version: '1.0.0',
    licenses,
    scope: null,
    direct: null,
    path: null,
  });

  it('counts packages per licence id, lists copyleft packages first, and stays small', () => {
    const rows = [
      row('zlib-gpl', ['GPL-3.0-only']),
      row('a-mit', ['MIT']),
      // two tools, one package: its licences united
      row('b-dual', ['MIT OR GPL-2.0-only']),
      row('b-dual', ['LGPL-2.1-only'], 'trivy'),
      row('c-none', []),
      ...Array.from({ length: 120 }, (_, i) =>
        row(`pkg-${String(i).padStart(3, '0')}`, ['Apache-2.0']),
      ),
    ];
    const facts = inventoryFacts(rows, ['GPL-*', 'LGPL-*']);
    expect(facts.packageCount).toBe(124);
    expect(facts.copyleftCount).toBe(2);
    expect(facts.licenses).toEqual([
      { id: 'Apache-2.0', packages: 120, copyleft: false },
      { id: 'MIT', packages: 2, copyleft: false },
      { id: 'GPL-2.0-only', packages: 1, copyleft: true },
      { id: 'GPL-3.0-only', packages: 1, copyleft: true },
      { id: 'LGPL-2.1-only', packages: 1, copyleft: true },
      { id: 'none', packages: 1, copyleft: false },
    ]);
    expect(facts.packages).toHaveLength(100);
    expect(facts.truncated).toBe(true);
    expect(facts.packages.slice(0, 3)).toEqual([
      {
        name: 'b-dual',
        purl: 'pkg:npm/b-dual@1.0.0',
        version: '1.0.0',
        licenses: ['LGPL-2.1-only', 'MIT OR GPL-2.0-only'],
        copyleft: true,
        direct: null,
      },
      expect.objectContaining({ name: 'zlib-gpl', copyleft: true }),
      expect.objectContaining({ name: 'a-mit', copyleft: false }),
    ]);
    expect(inventoryFacts([], ['GPL-*'])).toEqual({
      packageCount: 0,
      licenses: [],
      copyleftCount: 0,
      packages: [],
      truncated: false,
    });
  });
});

describe('reading the inventory only for the policies that need it', () => {
  it('needs it for a tier 1 service under the built-in set, not for tier 2 or without such a policy', async () => {
    const builtin = await PosturePolicies.load({
      builtin: true,
      directories: [],
    });
    const posture = (tier: number | null) =>
      ({ tier, system: null } as unknown as Posture);
    expect(builtin.needsInventory(posture(1))).toBe(true);
    expect(builtin.needsInventory(posture(2))).toBe(false);
    expect(builtin.needsInventory(posture(null))).toBe(false);
    const none = await PosturePolicies.load({
      builtin: false,
      directories: [],
    });
    expect(none.needsInventory(posture(1))).toBe(false);
  });

  it('puts the copyleft licences in the set: another list is another digest, and a replica reading the set gets the list', async () => {
    const gnu = await PosturePolicies.load({ builtin: true, directories: [] });
    const lgpl = await PosturePolicies.load({
      builtin: true,
      directories: [],
      copyleftLicenses: ['LGPL-*'],
    });
    expect(lgpl.digest).not.toBe(gnu.digest);
    const read = PosturePolicies.fromSources(lgpl.sources);
    expect(read.digest).toBe(lgpl.digest);
    expect(read.copyleftLicenses).toEqual(['LGPL-*']);
  });
});

describe.each(databases.eachSupportedId())(
  'copyleft licences in posture policies on %p',
  databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
    });

    it('warns about the copyleft packages of a tier 1 service only, with the configured licences, and re-evaluates when they change', async () => {
      const first = await startPostureBackend({
        knex,
        config: { securityPosture: { notifications: { enabled: false } } },
      });
      try {
        await uploadReport(first.server, PAYMENTS, GRYPE).expect(201);
        await uploadReport(first.server, CHECKOUT, GRYPE).expect(201);
        const payments = await copyleftWarnings(first.server, PAYMENTS);
        expect(payments.policies).toContain('copyleft-licences');
        expect(payments.warnings).toEqual([
          'warn medium debian/libc-bin 2.28-10 is under GPL-2 / LGPL-2.1',
          'warn medium debian/libc6 2.28-10 is under GPL-2 / LGPL-2.1',
          'warn medium debian/libgssapi-krb5-2 1.17-3+deb10u3 is under GPL-2',
        ]);
        // tier 2: the policy does not apply
        const checkout = await copyleftWarnings(first.server, CHECKOUT);
        expect(checkout.policies).not.toContain('copyleft-licences');
        expect(checkout.warnings).toEqual([]);
      } finally {
        await first.backend.stop();
      }

      // the next release counts only the LGPL as copyleft: its set (and digest) differs, so the
      // stored evaluation is stale and the posture is evaluated again with the new list
      const next = await startPostureBackend({
        knex,
        config: {
          securityPosture: {
            notifications: { enabled: false },
            policies: { copyleftLicenses: ['LGPL-*'] },
          },
        },
      });
      try {
        expect(
          (await copyleftWarnings(next.server, PAYMENTS)).warnings,
        ).toEqual([
          'warn medium debian/libc-bin 2.28-10 is under GPL-2 / LGPL-2.1',
          'warn medium debian/libc6 2.28-10 is under GPL-2 / LGPL-2.1',
        ]);
        // another tool's SBOM (MIT, Python-2.0) leaves Grype's packages; a later Grype scan of
        // an image without them removes them from the inventory, and the warnings go with them
        await uploadReport(
          next.server,
          PAYMENTS,
          readFixture('spdx', 'npm-cli-11.19.1_sbom-demo-service.spdx.json'),
        ).expect(201);
        expect(
          (await copyleftWarnings(next.server, PAYMENTS)).warnings,
        ).toHaveLength(2);
        const grype = JSON.parse(GRYPE.toString());
        await uploadReport(
          next.server,
          PAYMENTS,
          JSON.stringify({ ...grype, matches: [], artifacts: [] }),
        ).expect(201);
        expect(
          (await copyleftWarnings(next.server, PAYMENTS)).warnings,
        ).toEqual([]);
      } finally {
        await next.backend.stop();
      }
    });
  },
);
