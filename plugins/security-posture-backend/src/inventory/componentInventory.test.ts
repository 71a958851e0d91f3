import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { readFixture } from '../parsers/testFixtures';
import {
  API,
  denyAll,
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS_PATH = '/v1/entities/component/default/payments-api';
const user = mockCredentials.user.header();

describe.each(databases.eachSupportedId())(
  "a component's dependency inventory on %p",
  databaseId => {
    let server: TestServer;

    beforeAll(async () => {
      ({ server } = await startPostureBackend({
        database: { databases, id: databaseId },
        config: { securityPosture: { notifications: { enabled: false } } },
      }));
      const payments = 'component:default/payments-api';
      // npm/cli's SPDX SBOM (direct and transitive, licences), Trivy's CycloneDX of an npm
      // project (jquery with CVE-2019-11358), Grype's CycloneDX of a log4j-core jar (its CVEs)
      await uploadReport(
        server,
        payments,
        readFixture('spdx', 'npm-cli-11.19.1_sbom-demo-service.spdx.json'),
      ).expect(201);
      await uploadReport(
        server,
        payments,
        readFixture(
          'cyclonedx',
          'trivy_npm-cyclonedx-1.6_with-vulnerabilities.cdx.json',
        ),
      ).expect(201);
      await uploadReport(
        server,
        payments,
        readFixture(
          'cyclonedx',
          'defectdojo_grype-0.41.0_cyclonedx-1.4_log4j.cdx.json',
        ),
      ).expect(201);
    });

    const list = (query = '', as: TestServer = server) =>
      request(as)
        .get(`${API}${PAYMENTS_PATH}/inventory${query ? `?${query}` : ''}`)
        .set('Authorization', user);

    const names = (body: any) => body.items.map((p: any) => p.name);
    const none = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };

    it('lists every tool’s packages sorted by name, with licences, direct/transitive, paths, tools and their open findings', async () => {
      const res = await list().expect(200);
      expect(res.body.totalCount).toBe(19);
      expect(res.body.nextCursor).toBeNull();
      expect(names(res.body)).toEqual([
        'argparse',
        'asap',
        'debug',
        'jquery',
        'js-tokens',
        'lodash',
        'loose-envify',
        'minimist',
        'mkdirp',
        'ms',
        'object-assign',
        'org.apache.logging.log4j:log4j-core',
        'promise',
        'prop-types',
        'react',
        'react-is',
        'redux',
        'scheduler',
        'symbol-observable',
      ]);
      const byName = new Map(res.body.items.map((p: any) => [p.name, p]));
      // Trivy's CVE-2019-11358 on jquery 3.3.9
      expect(byName.get('jquery')).toEqual({
        purl: 'pkg:npm/jquery@3.3.9',
        name: 'jquery',
        type: 'npm',
        version: '3.3.9',
        licenses: ['MIT'],
        direct: true,
        scope: null,
        paths: ['package-lock.json'],
        tools: ['trivy'],
        findings: { total: 1, bySeverity: { ...none, medium: 1 } },
      });
      // Grype's log4j-core findings, matched by purl (theirs carry a package-id qualifier)
      expect(byName.get('org.apache.logging.log4j:log4j-core')).toMatchObject({
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2',
        type: 'maven',
        version: '2.13.2',
        licenses: [],
        direct: null,
        tools: ['grype'],
        findings: {
          total: 8,
          bySeverity: { ...none, critical: 4, high: 1, medium: 3 },
        },
      });
      // the SPDX SBOM's dev dependency, transitive through mkdirp
      expect(byName.get('minimist')).toMatchObject({
        licenses: ['MIT'],
        direct: false,
        scope: 'dev',
        paths: ['node_modules/minimist'],
        tools: ['npm/cli'],
        findings: { total: 0, bySeverity: none },
      });
      expect(res.body.licences).toEqual([
        { licence: 'MIT', packages: 10 },
        { licence: 'none', packages: 8 },
        { licence: 'Python-2.0', packages: 1 },
      ]);
      // the findings a package carries are the component's open findings of that package
      const findings = await request(server)
        .get(`${API}${PAYMENTS_PATH}/findings?status=open&q=log4j-core`)
        .set('Authorization', user)
        .expect(200);
      expect(findings.body.totalCount).toBe(8);
    });

    it('searches, filters by licence (id, prefix, none) and by direct or transitive', async () => {
      expect(names((await list('q=REACT').expect(200)).body)).toEqual([
        'react',
        'react-is',
      ]);
      // a path and a licence are searched too
      expect(
        (await list('q=node_modules%2Fm').expect(200)).body.totalCount,
      ).toBe(3);
      expect(names((await list('q=python').expect(200)).body)).toEqual([
        'argparse',
      ]);
      expect(
        names((await list('licence=python-2.0').expect(200)).body),
      ).toEqual(['argparse']);
      expect(names((await list('licence=Py*').expect(200)).body)).toEqual([
        'argparse',
      ]);
      expect((await list('licence=GPL-*').expect(200)).body).toMatchObject({
        items: [],
        totalCount: 0,
        nextCursor: null,
      });
      const unlicensed = await list('licence=none').expect(200);
      expect(unlicensed.body.totalCount).toBe(8);
      expect(
        unlicensed.body.items.every((p: any) => p.licenses.length === 0),
      ).toBe(true);
      const direct = await list('direct=true').expect(200);
      expect(names(direct.body)).toEqual([
        'argparse',
        'debug',
        'jquery',
        'lodash',
        'mkdirp',
        'promise',
        'react',
        'redux',
      ]);
      const transitive = await list('direct=false&licence=MIT').expect(200);
      expect(names(transitive.body)).toEqual(['minimist', 'ms', 'react-is']);
      // the licence counts are the whole inventory's, whatever the filters
      expect(transitive.body.licences).toEqual(
        (await list().expect(200)).body.licences,
      );
    });

    it('takes every licence its counts list as a filter, names of licences included, and finds that many packages', async () => {
      const checkout = '/v1/entities/component/default/checkout-web/inventory';
      // Grype's report of an image: licences as Debian and RPM packages write them
      await uploadReport(
        server,
        'component:default/checkout-web',
        readFixture('grype', 'defectdojo_grype_issue_9618.json'),
      ).expect(201);
      await uploadReport(
        server,
        'component:default/checkout-web',
        readFixture(
          'cyclonedx',
          'defectdojo_trivy-0.48.1_cyclonedx-1.5_issue_9277.cdx.json',
        ),
      ).expect(201);
      const get = (query: string) =>
        request(server)
          .get(`${API}${checkout}?${query}`)
          .set('Authorization', user);
      const all = await get('limit=1').expect(200);
      const licences: { licence: string; packages: number }[] =
        all.body.licences;
      expect(licences.map(l => l.licence)).toEqual(
        expect.arrayContaining([
          'LGPLv2 and zlib',
          'GPL-2 with Linux-syscall-note exception',
          'GPL-2.0',
          'none',
        ]),
      );
      expect(licences.length).toBeGreaterThan(10);
      for (const { licence, packages } of licences) {
        const res = await get(`licence=${encodeURIComponent(licence)}&limit=1`);
        expect([licence, res.status, res.body.totalCount]).toEqual([
          licence,
          200,
          packages,
        ]);
      }
    });

    it('pages by cursor, filters kept', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await list(
          `licence=MIT&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        ).expect(200);
        expect(res.body.totalCount).toBe(10);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...names(res.body));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(4);
      expect(seen).toEqual(names((await list('licence=MIT').expect(200)).body));
      expect(new Set(seen).size).toBe(10);
    });

    it('answers 400 naming the parameter for a bad licence filter, cursor, limit or direct', async () => {
      const cases: [string, string][] = [
        ['licence=MIT%20OR%20GPL-2.0', 'licence'],
        ['licence=(MIT%20AND%20BSD-3-Clause)', 'licence'],
        ['licence=*', 'licence'],
        ['licence=GPL-*-only', 'licence'],
        ['licence=MIT%01', 'licence'],
        [`licence=${'x'.repeat(101)}`, 'licence'],
        ['cursor=nope', 'cursor'],
        [
          `cursor=${Buffer.from(JSON.stringify({ k: 7 })).toString(
            'base64url',
          )}`,
          'cursor',
        ],
        ['limit=0', 'limit'],
        ['limit=501', 'limit'],
        ['limit=ten', 'limit'],
        ['direct=maybe', 'direct'],
      ];
      for (const [query, named] of cases) {
        const res = await list(query);
        expect([query, res.status]).toEqual([query, 400]);
        expect([query, res.body.error.message]).toEqual([
          query,
          expect.stringContaining(named),
        ]);
      }
    });

    it('answers 401 without credentials, 404 for an entity nobody knows, and 403 as the findings do', async () => {
      await request(server).get(`${API}${PAYMENTS_PATH}/inventory`).expect(401);
      const unknown = await request(server)
        .get(`${API}/v1/entities/component/default/no-such-service/inventory`)
        .set('Authorization', user)
        .expect(404);
      expect(unknown.body.error.name).toBe('NotFoundError');
      // a known component without an inventory: an empty page
      expect(
        (
          await request(server)
            .get(`${API}/v1/entities/component/default/auth-service/inventory`)
            .set('Authorization', user)
            .expect(200)
        ).body,
      ).toEqual({ items: [], totalCount: 0, licences: [], nextCursor: null });

      const denied = await startPostureBackend({
        database: { databases, id: databaseId },
        config: { securityPosture: { notifications: { enabled: false } } },
        permissions: denyAll(),
      });
      for (const path of [
        `${PAYMENTS_PATH}/inventory`,
        `${PAYMENTS_PATH}/findings`,
        // refused before anything is looked up: no way to learn which entities exist
        '/v1/entities/component/default/no-such-service/inventory',
      ]) {
        const res = await request(denied.server)
          .get(`${API}${path}`)
          .set('Authorization', user);
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.body.error.name).toBe('NotAllowedError');
      }
      await denied.backend.stop();
    });
  },
);
