import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { readFixture } from '../parsers/testFixtures';
import {
  API,
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout-web';
const AUTH = 'component:default/auth-service';

const SPDX = readFixture(
  'spdx',
  'npm-cli-11.19.1_sbom-demo-service.spdx.json',
).toString();

/** The SPDX fixture without lodash, and with debug at 4.3.4 instead of 2.6.9. */
function laterSpdx(): string {
  const doc = JSON.parse(SPDX);
  doc.packages = doc.packages
    .filter((p: any) => p.name !== 'lodash')
    .map((p: any) =>
      p.name === 'debug'
        ? {
            ...p,
            versionInfo: '4.3.4',
            externalRefs: [
              {
                referenceCategory: 'PACKAGE-MANAGER',
                referenceType: 'purl',
                referenceLocator: 'pkg:npm/debug@4.3.4',
              },
            ],
          }
        : p,
    );
  return JSON.stringify(doc);
}

const user = mockCredentials.user.header();

describe.each(databases.eachSupportedId())(
  'dependency inventory on %p',
  databaseId => {
    let knex: Knex;
    let server: TestServer;

    beforeAll(async () => {
      ({ server, knex } = await startPostureBackend({
        database: { databases, id: databaseId },
        config: { securityPosture: { notifications: { enabled: false } } },
      }));
    });

    /** Every inventory row of a component, in a stable order. */
    const rowsOf = (entityRef: string, tool?: string) =>
      knex('posture_inventory')
        .where({ entity_ref: entityRef, ...(tool ? { tool } : {}) })
        .orderBy('id')
        .select();

    it('imports an SBOM, writes nothing on an unchanged reimport, and counts a removed package and a changed version', async () => {
      const first = await uploadReport(server, PAYMENTS, SPDX).expect(201);
      expect(first.body.format).toBe('spdx');
      expect(first.body.tools).toEqual(['npm/cli']);
      expect(first.body.counts.new).toBe(0);
      expect(first.body.inventory).toEqual({
        added: 6,
        removed: 0,
        changed: 0,
        unchanged: 0,
      });
      const imported = await rowsOf(PAYMENTS);
      expect(imported).toHaveLength(6);
      const lodash = imported.find(r => r.pkg_name === 'lodash');
      expect(lodash).toMatchObject({
        branch: 'main',
        tool: 'npm/cli',
        purl: 'pkg:npm/lodash@4.17.20',
        pkg_type: 'npm',
        pkg_namespace: '',
        version: '4.17.20',
        licenses: '["MIT"]',
        path: 'node_modules/lodash',
      });
      expect(Boolean(lodash.direct)).toBe(true);

      // the same bytes again, and the same SBOM written differently: no inventory row is written
      const again = await uploadReport(server, PAYMENTS, SPDX).expect(201);
      expect(again.body.inventory).toEqual({
        added: 0,
        removed: 0,
        changed: 0,
        unchanged: 6,
      });
      const reformatted = JSON.stringify(JSON.parse(SPDX), null, 1);
      const same = await uploadReport(server, PAYMENTS, reformatted).expect(
        201,
      );
      expect(same.body.inventory).toEqual({
        added: 0,
        removed: 0,
        changed: 0,
        unchanged: 6,
      });
      expect(await rowsOf(PAYMENTS)).toEqual(imported);

      const later = await uploadReport(server, PAYMENTS, laterSpdx()).expect(
        201,
      );
      expect(later.body.inventory).toEqual({
        added: 0,
        removed: 1,
        changed: 1,
        unchanged: 4,
      });
      const rows = await rowsOf(PAYMENTS);
      expect(rows.map(r => r.purl).sort()).toEqual([
        'pkg:npm/argparse@2.0.1',
        'pkg:npm/debug@4.3.4',
        'pkg:npm/minimist@1.2.8',
        'pkg:npm/mkdirp@0.5.5',
        'pkg:npm/ms@2.0.0',
      ]);
      // the packages that did not change kept their rows as they were
      const untouched = imported.filter(
        r => !['lodash', 'debug'].includes(r.pkg_name),
      );
      expect(rows.filter(r => r.pkg_name !== 'debug')).toEqual(untouched);
    });

    it('keeps each tool’s inventory: a Trivy report replaces only what Trivy said, and its findings are applied as before', async () => {
      const before = await rowsOf(PAYMENTS, 'npm/cli');
      const res = await uploadReport(
        server,
        PAYMENTS,
        readFixture('trivy', 'trivy_fs_npm.json'),
      ).expect(201);
      expect(res.body.counts.new).toBeGreaterThan(0);
      expect(res.body.inventory).toEqual({
        added: 12,
        removed: 0,
        changed: 0,
        unchanged: 0,
      });
      expect(await rowsOf(PAYMENTS, 'trivy')).toHaveLength(12);
      expect(await rowsOf(PAYMENTS, 'npm/cli')).toEqual(before);
      // a CycloneDX BOM with a vulnerability: its finding as before, plus its packages
      const bom = await uploadReport(
        server,
        CHECKOUT,
        readFixture(
          'cyclonedx',
          'trivy_npm-cyclonedx-1.6_with-vulnerabilities.cdx.json',
        ),
      ).expect(201);
      expect(bom.body.counts.new).toBe(1);
      expect(bom.body.inventory.added).toBe(12);
    });

    it('applies in full a report uploaded again whose packages were never stored (an upload from before the inventory)', async () => {
      const trivy = readFixture('trivy', 'trivy_fs_npm.json');
      // as a database upgraded after this report's first upload: its scans, no inventory rows
      await knex('posture_inventory')
        .where({ entity_ref: PAYMENTS, tool: 'trivy' })
        .delete();
      const again = await uploadReport(server, PAYMENTS, trivy).expect(201);
      expect(again.body.inventory).toEqual({
        added: 12,
        removed: 0,
        changed: 0,
        unchanged: 0,
      });
      expect(again.body.counts.new).toBe(0);
      expect(await rowsOf(PAYMENTS, 'trivy')).toHaveLength(12);
      // and the next identical upload is the cheap reapply again, writing nothing
      const rows = await rowsOf(PAYMENTS);
      const third = await uploadReport(server, PAYMENTS, trivy).expect(201);
      expect(third.body.inventory).toEqual({
        added: 0,
        removed: 0,
        changed: 0,
        unchanged: 12,
      });
      expect(await rowsOf(PAYMENTS)).toEqual(rows);
    });

    it('refuses a bad SBOM with a 4xx naming the field, and writes nothing', async () => {
      const count = async (table: string) =>
        Number(
          (await knex(table).where({ entity_ref: AUTH }).count({ n: '*' }))[0]
            .n,
        );
      const bad = JSON.stringify({
        spdxVersion: 'SPDX-2.3',
        SPDXID: 'SPDXRef-DOCUMENT',
        packages: { lodash: '4.17.20' },
      });
      const res = await uploadReport(server, AUTH, bad);
      expect(res.status).toBe(422);
      expect(res.body.error.message).toContain('"packages"');
      const truncated = await uploadReport(server, AUTH, SPDX.slice(0, 500));
      expect(truncated.status).toBe(400);
      expect(await count('posture_inventory')).toBe(0);
      expect(await count('posture_scans')).toBe(0);
    });

    describe('fleet search', () => {
      beforeAll(async () => {
        // maven (commons-compress 1.21) and pypi (django 3.2.4) in checkout-web
        await uploadReport(
          server,
          CHECKOUT,
          readFixture('grype', 'defectdojo_grype_issue_9618.json'),
        ).expect(201);
        await uploadReport(
          server,
          CHECKOUT,
          readFixture(
            'osv-scanner',
            'defectdojo_osv-scanner_many_findings.json',
          ),
        ).expect(201);
        // pypi (Django 3.2.9) and golang (gogo/protobuf 1.3.1) in auth-service
        await uploadReport(
          server,
          AUTH,
          readFixture('grype', 'defectdojo_grype_check_all_fields.json'),
        ).expect(201);
        await uploadReport(
          server,
          AUTH,
          readFixture('osv-scanner', 'osv-scanner_ci_results-some.json'),
        ).expect(201);
      });

      const search = (query: string, as: TestServer = server) =>
        request(as)
          .get(`${API}/v1/inventory?${query}`)
          .set('Authorization', user);
      const refsOf = (body: any) => body.items.map((i: any) => i.entityRef);

      it('finds npm packages with semver ranges, and answers owner, system, tier, lifecycle and exposure', async () => {
        const res = await search(
          `purl=${encodeURIComponent(
            'pkg:npm/lodash',
          )}&range=${encodeURIComponent('<4.17.21')}`,
        ).expect(200);
        // payments-api's current SBOM dropped lodash; the SPDX fixture was not uploaded elsewhere
        expect(res.body.items).toEqual([]);
        const react = await search(
          `purl=${encodeURIComponent(
            'pkg:npm/react',
          )}&range=${encodeURIComponent('^16.8.0')}`,
        ).expect(200);
        expect(refsOf(react.body)).toEqual([CHECKOUT, PAYMENTS]);
        expect(react.body.items[1]).toEqual({
          entityRef: PAYMENTS,
          versions: ['16.8.6'],
          packages: [
            {
              purl: 'pkg:npm/react@16.8.6',
              version: '16.8.6',
              direct: null,
              tools: ['trivy'],
            },
          ],
          ownerRef: 'group:default/payments',
          systemRef: 'system:default/payments-system',
          tier: 1,
          lifecycle: 'production',
          exposure: { providedApis: 1, production: true, points: 20 },
        });
        expect(react.body.items[0].packages[0].direct).toBe(true);
        const debug = await search(
          `type=npm&name=debug&range=${encodeURIComponent('>=4 <5')}`,
        ).expect(200);
        expect(refsOf(debug.body)).toEqual([PAYMENTS]);
        expect(
          (
            await search(
              `type=npm&name=react&range=${encodeURIComponent('<16')}`,
            )
          ).body.items,
        ).toEqual([]);
        // a purl with a version asks for exactly it
        const exact = await search(
          `purl=${encodeURIComponent('pkg:npm/debug@2.6.9')}`,
        ).expect(200);
        expect(exact.body.items).toEqual([]);
      });

      it('compares PyPI versions by PEP 440, normalising the name', async () => {
        const old = await search(
          `type=pypi&name=Django&range=${encodeURIComponent('>=3.2,<3.2.5')}`,
        ).expect(200);
        expect(refsOf(old.body)).toEqual([CHECKOUT]);
        expect(old.body.items[0].versions).toEqual(['3.2.4']);
        const compatible = await search(
          `purl=${encodeURIComponent(
            'pkg:pypi/django',
          )}&range=${encodeURIComponent('~=3.2')}`,
        ).expect(200);
        expect(refsOf(compatible.body)).toEqual([AUTH, CHECKOUT]);
      });

      it('compares Maven versions with Maven ranges', async () => {
        const purl = encodeURIComponent(
          'pkg:maven/org.apache.commons/commons-compress',
        );
        const inside = await search(
          `purl=${purl}&range=${encodeURIComponent('[1.0,1.21]')}`,
        ).expect(200);
        expect(refsOf(inside.body)).toEqual([CHECKOUT]);
        expect(inside.body.items[0].versions).toEqual(['1.21']);
        const below = await search(
          `purl=${purl}&range=${encodeURIComponent('(,1.21)')}`,
        ).expect(200);
        expect(below.body.items).toEqual([]);
      });

      it('compares Go module versions as semver with the v prefix', async () => {
        const purl = encodeURIComponent('pkg:golang/github.com/gogo/protobuf');
        const vulnerable = await search(
          `purl=${purl}&range=${encodeURIComponent('<v1.3.2')}`,
        ).expect(200);
        expect(refsOf(vulnerable.body)).toEqual([AUTH]);
        const fixed = await search(
          `purl=${purl}&range=${encodeURIComponent('>=v1.3.2')}`,
        ).expect(200);
        expect(fixed.body.items).toEqual([]);
      });

      it('answers 400 naming the parameter for an unknown ecosystem or an unparseable range', async () => {
        const cases: [string, string][] = [
          [`type=npm&name=react&range=${encodeURIComponent('>>1')}`, 'range:'],
          [
            `type=pypi&name=django&range=${encodeURIComponent('=>3')}`,
            'range:',
          ],
          [
            `type=maven&namespace=org.example&name=x&range=${encodeURIComponent(
              '[2.0,1.0]',
            )}`,
            'range:',
          ],
          [`type=cargo&name=serde&range=1.0`, 'range:'],
          ['type=nonsense&name=x', 'type:'],
          [`purl=${encodeURIComponent('pkg:nonsense/x')}`, 'purl:'],
          ['purl=lodash', 'purl:'],
          ['name=react', 'type and name'],
          ['type=npm&name=react&cursor=nope', 'cursor'],
        ];
        for (const [query, named] of cases) {
          const res = await search(query);
          expect([query, res.status]).toEqual([query, 400]);
          expect(res.body.error.message).toContain(named);
        }
        expect(
          (await request(server).get(`${API}/v1/inventory?type=npm&name=react`))
            .status,
        ).toBe(401);
      });

      it('pages by cursor', async () => {
        const first = await search('type=pypi&name=django&limit=1').expect(200);
        expect(refsOf(first.body)).toEqual([AUTH]);
        expect(first.body.nextCursor).toEqual(expect.any(String));
        const second = await search(
          `type=pypi&name=django&limit=1&cursor=${first.body.nextCursor}`,
        ).expect(200);
        expect(refsOf(second.body)).toEqual([CHECKOUT]);
        // the last component: no further page
        expect(second.body.nextCursor).toBeNull();
        const all = await search('type=pypi&name=django&limit=2').expect(200);
        expect(all.body).toEqual({
          items: [first.body.items[0], second.body.items[0]],
          nextCursor: null,
        });
      });

      it('answers only the components the caller may read', async () => {
        const scoped = await startPostureBackend({
          knex,
          config: { securityPosture: { notifications: { enabled: false } } },
          permissions: mockServices.permissions.mock({
            authorizeConditional: async requests =>
              requests.map(
                () =>
                  ({
                    result: AuthorizeResult.CONDITIONAL,
                    pluginId: 'catalog',
                    resourceType: 'catalog-entity',
                    conditions: {
                      rule: 'IS_ENTITY_OWNER',
                      resourceType: 'catalog-entity',
                      params: { claims: ['group:default/checkout'] },
                    },
                  } as any),
              ),
            authorize: async requests =>
              requests.map(r => ({
                result:
                  (r as { resourceRef?: string }).resourceRef === CHECKOUT
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
              })),
          }),
        });
        const res = await search('type=pypi&name=django', scoped.server).expect(
          200,
        );
        expect(refsOf(res.body)).toEqual([CHECKOUT]);
        const react = await search('type=npm&name=react', scoped.server).expect(
          200,
        );
        expect(refsOf(react.body)).toEqual([CHECKOUT]);
        // a page of one whose only answer is the one the caller may read: no next page
        const one = await search(
          'type=npm&name=react&limit=1',
          scoped.server,
        ).expect(200);
        expect(one.body).toEqual({
          items: [react.body.items[0]],
          nextCursor: null,
        });
        // a page of one still skips what the caller may not read
        const page = await search(
          'type=pypi&name=django&limit=1',
          scoped.server,
        ).expect(200);
        expect(refsOf(page.body)).toEqual([CHECKOUT]);
        await scoped.backend.stop();
      });
    });
  },
);
