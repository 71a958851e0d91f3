import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import * as yazl from 'yazl';
import { readPostureConfig } from '../config';
import { readFixture } from '../parsers/testFixtures';
import {
  API,
  PostureBackend,
  startPostureBackend,
  uploadReport,
} from '../__testUtils__/backend';
import { exportRecords } from './osvExport';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout-web';
const AUTH = 'component:default/auth-service';
const TASK = 'security-posture-advisory-refresh';

const SEED: any[] = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../data/advisories/osv-seed.json'),
    'utf8',
  ),
);
const seedRecord = (id: string) => structuredClone(SEED.find(r => r.id === id));

/** Grype's real CycloneDX SBOM of log4j-core 2.13.2 (its components: the inventory). */
const LOG4J_SBOM = readFixture(
  'cyclonedx',
  'defectdojo_grype-0.41.0_cyclonedx-1.4_log4j.cdx.json',
).toString();
/** The same SBOM without its vulnerabilities: the inventory alone, no scanner finding. */
const log4jInventoryOnly = () => {
  const doc = JSON.parse(LOG4J_SBOM);
  delete doc.vulnerabilities;
  return JSON.stringify(doc);
};
/** Trivy's real CycloneDX 1.6 BOM of an npm project (jquery 3.3.9, CVE-2019-11358). */
const TRIVY_BOM = readFixture(
  'cyclonedx',
  'trivy_npm-cyclonedx-1.6_with-vulnerabilities.cdx.json',
).toString();
const withoutVulnerabilities = (text: string) => {
  const doc = JSON.parse(text);
  delete doc.vulnerabilities;
  return JSON.stringify(doc);
};
const SPDX = readFixture(
  'spdx',
  'npm-cli-11.19.1_sbom-demo-service.spdx.json',
).toString();
/** The demo service's SPDX SBOM without lodash. */
const spdxWithoutLodash = () => {
  const doc = JSON.parse(SPDX);
  doc.packages = doc.packages.filter((p: any) => p.name !== 'lodash');
  return JSON.stringify(doc);
};

/**
 * A zip of one file per record, deflated, as OSV's `all.zip` exports are, written by yazl; with
 * `zip64`, in ZIP64 format (OSV's npm export has more files than a plain zip can count).
 */
async function zipOf(
  files: { name: string; text: string }[],
  options: { zip64?: boolean } = {},
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const file of files) {
    zip.addBuffer(Buffer.from(file.text), file.name, {
      compress: true,
      forceZip64Format: options.zip64 ?? false,
    });
  }
  zip.end({ forceZip64Format: options.zip64 ?? false, comment: '' });
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A real HTTP server standing in for OSV's exports; what it serves is the test's to change. */
async function osvExports() {
  const feeds = { npm: [] as any[], maven: [] as any[], requests: 0 };
  const server = new http.Server((req, res) => {
    feeds.requests += 1;
    if (req.url === '/npm.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(feeds.npm));
      return;
    }
    if (req.url === '/maven/all.zip') {
      zipOf(
        feeds.maven.map(r => ({
          name: `${r.id}.json`,
          text: JSON.stringify(r),
        })),
        { zip64: true },
      ).then(zip => {
        res.writeHead(200, { 'content-type': 'application/zip' });
        res.end(zip);
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { feeds, base, close: () => new Promise(r => server.close(r)) };
}

const user = mockCredentials.user.header();

describe('advisory configuration', () => {
  it('refuses a source that is not an http(s) URL, and reads the defaults', () => {
    expect(() =>
      readPostureConfig(
        new ConfigReader({
          securityPosture: {
            advisories: { sources: [{ url: 'ftp://osv.example/npm.zip' }] },
          },
        }),
      ),
    ).toThrow(
      expect.objectContaining({
        name: 'ConfigurationError',
        message: expect.stringContaining('advisories.sources[0].url'),
      }),
    );
    expect(() =>
      readPostureConfig(
        new ConfigReader({
          securityPosture: { advisories: { refreshCron: 'soon' } },
        }),
      ),
    ).toThrow(expect.objectContaining({ name: 'ConfigurationError' }));
    const config = readPostureConfig(
      new ConfigReader({
        securityPosture: {
          advisories: { sources: [{ url: 'https://osv.example/all.zip' }] },
        },
      }),
    );
    expect(config.advisories).toEqual({
      seed: true,
      sources: [{ url: 'https://osv.example/all.zip' }],
      refreshCron: '30 3 * * *',
    });
  });

  it('reads the records of a zip export (plain and ZIP64) and of a JSON array', async () => {
    const records = SEED.slice(0, 3);
    const files = records.map(r => ({
      name: `${r.id}.json`,
      text: JSON.stringify(r),
    }));
    const plain = await zipOf(files);
    const zip64 = await zipOf(files, { zip64: true });
    // the ZIP64 archive really is one: its end of central directory locator is there
    expect(zip64.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true);
    expect(plain.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(false);
    expect(await exportRecords(plain)).toEqual(records);
    expect(await exportRecords(zip64)).toEqual(records);
    await expect(
      exportRecords(Buffer.from('PK\u0003\u0004 not a zip')),
    ).rejects.toThrow(/end of central directory/i);
    expect(await exportRecords(Buffer.from(JSON.stringify(records)))).toEqual(
      records,
    );
  });
});

describe.each(databases.eachSupportedId())(
  'advisory matching on %p',
  databaseId => {
    let knex: Knex;
    let backend: PostureBackend;
    let exports: Awaited<ReturnType<typeof osvExports>>;

    beforeAll(async () => {
      exports = await osvExports();
      const started = await startPostureBackend({
        database: { databases, id: databaseId },
        captureTasks: true,
        config: {
          securityPosture: {
            notifications: { enabled: true },
            advisories: {
              sources: [
                { url: `${exports.base}/maven/all.zip` },
                { url: `${exports.base}/npm.json` },
              ],
            },
          },
        },
      });
      knex = started.knex;
      backend = started;
    });

    afterAll(async () => {
      await exports.close();
    });

    const refresh = () => {
      const task = backend.tasks.get(TASK);
      if (!task) throw new Error(`${TASK} was not scheduled`);
      return task(new AbortController().signal);
    };

    /** The component's advisory-match findings by rule id. */
    const matchesOf = async (entityRef: string) => {
      const rows = await knex('posture_findings')
        .where({ entity_ref: entityRef, tool: 'advisory-match' })
        .orderBy('rule_id')
        .select();
      return rows;
    };

    /** Every row the refresh may write, to compare before and after. */
    const snapshot = async () => ({
      advisories: await knex('posture_advisories').orderBy('id').select(),
      packages: await knex('posture_advisory_packages')
        .orderBy(['advisory_id', 'pkg_type', 'pkg_namespace', 'pkg_name'])
        .select(),
      stamp: await knex('posture_advisory_stamp').select(),
      findings: await knex('posture_findings').orderBy('id').select(),
      postures: await knex('posture_components').orderBy('entity_ref').select(),
    });

    it('matches the seed advisories with a real SBOM: log4j-core 2.13.2 gets findings with the fixed versions, without a rescan, and its owner is told of the KEV match', async () => {
      const upload = await uploadReport(
        backend.server,
        PAYMENTS,
        log4jInventoryOnly(),
      ).expect(201);
      expect(upload.body.counts.new).toBe(0);
      expect(upload.body.inventory.added).toBe(1);
      expect(await matchesOf(PAYMENTS)).toEqual([]);

      await refresh();

      const stored = await knex('posture_advisories').orderBy('id').select();
      expect(stored.map(a => a.id)).toEqual([
        'GHSA-35jh-r3h4-6jhm',
        'GHSA-6c3j-c64m-qhgq',
        'GHSA-7rjr-3q55-vv33',
        'GHSA-jfh8-c2jp-5v3q',
        'GHSA-p6xc-xr62-6r2g',
      ]);
      const log4shell = stored.find(a => a.id === 'GHSA-jfh8-c2jp-5v3q');
      expect(log4shell).toMatchObject({
        modified: '2022-03-25T20:56:18Z',
        severity: 'critical',
        source: 'seed',
      });
      expect(JSON.parse(log4shell.aliases)).toEqual(['CVE-2021-44228']);
      expect(JSON.parse(log4shell.fixed_versions)).toEqual([
        '2.12.2',
        '2.15.0',
        '2.3.1',
      ]);
      expect(JSON.parse(log4shell.affected)[0]).toMatchObject({
        ecosystem: 'Maven',
        package: {
          type: 'maven',
          namespace: 'org.apache.logging.log4j',
          name: 'log4j-core',
        },
        ranges: [
          {
            type: 'ECOSYSTEM',
            events: [{ introduced: '2.13.0' }, { fixed: '2.15.0' }],
          },
        ],
      });

      const matches = await matchesOf(PAYMENTS);
      expect(
        matches.map(f => ({
          rule: f.rule_id,
          status: f.status,
          severity: f.severity,
          installed: f.installed_version,
          fixed: f.fixed_version,
          purl: f.package_purl,
          kev: Boolean(f.kev),
          branch: f.branch,
        })),
      ).toEqual([
        {
          rule: 'GHSA-7rjr-3q55-vv33',
          status: 'open',
          severity: 'critical',
          installed: '2.13.2',
          fixed: '2.16.0',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-core',
          kev: false,
          branch: 'main',
        },
        {
          rule: 'GHSA-jfh8-c2jp-5v3q',
          status: 'open',
          severity: 'critical',
          installed: '2.13.2',
          fixed: '2.15.0',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-core',
          kev: true,
          branch: 'main',
        },
        {
          rule: 'GHSA-p6xc-xr62-6r2g',
          status: 'open',
          severity: 'high',
          installed: '2.13.2',
          fixed: '2.17.0',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-core',
          kev: false,
          branch: 'main',
        },
      ]);
      const jfh8 = matches.find(f => f.rule_id === 'GHSA-jfh8-c2jp-5v3q');
      expect(JSON.parse(jfh8.aliases)).toEqual(['CVE-2021-44228']);
      expect(jfh8.message).toContain('[2.13.0,2.15.0)');
      expect(jfh8.message).toContain('fixed in 2.15.0');
      expect(jfh8.remediation).toBe(
        'Upgrade org.apache.logging.log4j:log4j-core to version 2.15.0',
      );

      // through the posture: the served findings and counts hold them
      const posture = await request(backend.server)
        .get(`${API}/v1/entities/component/default/payments-api/posture`)
        .set('authorization', user)
        .expect(200);
      expect(posture.body.open).toMatchObject({ critical: 2, high: 1 });
      expect(
        posture.body.topFindings.map((f: { ruleId: string }) => f.ruleId),
      ).toContain('GHSA-jfh8-c2jp-5v3q');

      // the owner is told once, through the notifier
      const told = backend.sent.filter(
        s => s.payload.topic === 'security-posture:new-advisory-matches',
      );
      expect(told).toHaveLength(1);
      expect(told[0].recipients).toEqual({
        type: 'entity',
        entityRef: 'group:default/payments',
      });
      expect(told[0].payload.severity).toBe('critical');
    });

    it('writes nothing on a refresh that brings the same advisories again', async () => {
      exports.feeds.maven = [seedRecord('GHSA-jfh8-c2jp-5v3q')];
      exports.feeds.npm = [seedRecord('GHSA-35jh-r3h4-6jhm')];
      const before = await snapshot();
      const requests = exports.feeds.requests;
      await refresh();
      expect(exports.feeds.requests).toBe(requests + 2);
      expect(await snapshot()).toEqual(before);
      expect(before.stamp).toHaveLength(1);
      expect(Number(before.stamp[0].version)).toBe(1);
    });

    it('matches an inventory upload with the stored advisories in its transaction, updates a match when its advisory changes, and fixes it when the inventory drops the package', async () => {
      const upload = await uploadReport(backend.server, CHECKOUT, SPDX).expect(
        201,
      );
      expect(upload.body.inventory.added).toBe(6);
      const [lodash] = await matchesOf(CHECKOUT);
      expect(lodash).toMatchObject({
        rule_id: 'GHSA-35jh-r3h4-6jhm',
        status: 'open',
        severity: 'high',
        package_purl: 'pkg:npm/lodash',
        installed_version: '4.17.20',
        fixed_version: '4.17.21',
      });
      expect(await matchesOf(CHECKOUT)).toHaveLength(1);

      // the export brings a changed record: a later modified time and another fixed version
      const changed = seedRecord('GHSA-35jh-r3h4-6jhm');
      changed.modified = '2024-05-01T10:00:00Z';
      changed.affected[0].ranges[0].events = [
        { introduced: '0' },
        { fixed: '4.17.22' },
      ];
      exports.feeds.npm = [changed];
      await refresh();
      const row = await knex('posture_advisories')
        .where({ id: 'GHSA-35jh-r3h4-6jhm' })
        .first();
      expect(row.modified).toBe('2024-05-01T10:00:00Z');
      expect(row.source).toBe(`${exports.base}/npm.json`);
      expect(
        Number((await knex('posture_advisory_stamp').first()).version),
      ).toBe(2);
      const [updated] = await matchesOf(CHECKOUT);
      expect(updated).toMatchObject({
        id: lodash.id,
        status: 'open',
        installed_version: '4.17.20',
        fixed_version: '4.17.22',
      });
      // the seed's older record, read on every refresh, does not undo it
      const settled = await snapshot();
      await refresh();
      expect(await snapshot()).toEqual(settled);

      // the next inventory of the component no longer has lodash: its match is fixed
      const later = await uploadReport(
        backend.server,
        CHECKOUT,
        spdxWithoutLodash(),
      ).expect(201);
      expect(later.body.inventory.removed).toBe(1);
      const [fixed] = await matchesOf(CHECKOUT);
      expect(fixed).toMatchObject({ id: lodash.id, status: 'fixed' });
      expect(fixed.fixed_at).not.toBeNull();
    });

    it('merges a later Grype report of the same vulnerabilities: the scanner’s finding stays, the match is fixed', async () => {
      // Grype's report of the same SBOM: its findings of CVE-2021-44228, -45046, -45105 ...
      const grype = await uploadReport(
        backend.server,
        PAYMENTS,
        LOG4J_SBOM,
      ).expect(201);
      expect(grype.body.counts.new).toBeGreaterThan(0);
      const open = await knex('posture_findings')
        .where({ entity_ref: PAYMENTS, status: 'open' })
        .select('tool', 'rule_id', 'aliases');
      for (const id of ['CVE-2021-44228', 'CVE-2021-45046', 'CVE-2021-45105']) {
        const reporting = open.filter(
          f => f.rule_id === id || JSON.parse(f.aliases).includes(id),
        );
        // one finding of the vulnerability on log4j-core: the scanner's
        expect(reporting.map(f => f.tool)).toEqual(['grype']);
      }
      const matches = await matchesOf(PAYMENTS);
      expect(matches.map(f => [f.rule_id, f.status])).toEqual([
        ['GHSA-7rjr-3q55-vv33', 'fixed'],
        ['GHSA-jfh8-c2jp-5v3q', 'fixed'],
        ['GHSA-p6xc-xr62-6r2g', 'fixed'],
      ]);
      // and a refresh that changes the advisory does not open it again beside the scanner's
      const changed = seedRecord('GHSA-jfh8-c2jp-5v3q');
      changed.modified = '2024-06-01T00:00:00Z';
      exports.feeds.maven = [changed];
      await refresh();
      // read out of the export's ZIP64 archive
      expect(
        await knex('posture_advisories')
          .where({ id: 'GHSA-jfh8-c2jp-5v3q' })
          .first('modified', 'source'),
      ).toEqual({
        modified: '2024-06-01T00:00:00Z',
        source: `${exports.base}/maven/all.zip`,
      });
      expect(
        (await matchesOf(PAYMENTS)).map(f => [f.rule_id, f.status]),
      ).toEqual([
        ['GHSA-7rjr-3q55-vv33', 'fixed'],
        ['GHSA-jfh8-c2jp-5v3q', 'fixed'],
        ['GHSA-p6xc-xr62-6r2g', 'fixed'],
      ]);
    });

    it('merges a later Trivy report of the same CVE with the match its SBOM opened on upload: one finding, Trivy’s', async () => {
      const sbom = await uploadReport(
        backend.server,
        AUTH,
        withoutVulnerabilities(TRIVY_BOM),
      ).expect(201);
      expect(sbom.body.counts.new).toBe(0);
      const [jquery] = await matchesOf(AUTH);
      expect(jquery).toMatchObject({
        rule_id: 'GHSA-6c3j-c64m-qhgq',
        status: 'open',
        severity: 'medium',
        package_purl: 'pkg:npm/jquery',
        installed_version: '3.3.9',
        fixed_version: '3.4.0',
      });
      expect(JSON.parse(jquery.aliases)).toEqual(['CVE-2019-11358']);

      const trivy = await uploadReport(backend.server, AUTH, TRIVY_BOM).expect(
        201,
      );
      expect(trivy.body.counts.new).toBe(1);
      const reporting = (
        await knex('posture_findings')
          .where({ entity_ref: AUTH, status: 'open' })
          .select('tool', 'rule_id', 'aliases')
      ).filter(
        f =>
          f.rule_id === 'CVE-2019-11358' ||
          f.rule_id === 'GHSA-6c3j-c64m-qhgq' ||
          JSON.parse(f.aliases).includes('CVE-2019-11358'),
      );
      expect(reporting.map(f => [f.tool, f.rule_id])).toEqual([
        ['trivy', 'CVE-2019-11358'],
      ]);
      expect(await matchesOf(AUTH)).toEqual([
        expect.objectContaining({ id: jquery.id, status: 'fixed' }),
      ]);
    });

    it('matches a new advisory again only where it affects a version or has an open match: a component with the package at another version is not written', async () => {
      const record = (id: string, introduced: string, fixed: string) => ({
        ...seedRecord('GHSA-jfh8-c2jp-5v3q'),
        id,
        aliases: [],
        modified: '2024-06-01T00:00:00Z',
        affected: [
          {
            package: {
              ecosystem: 'Maven',
              name: 'org.apache.logging.log4j:log4j-core',
            },
            ranges: [
              {
                type: 'ECOSYSTEM',
                events: [{ introduced }, { fixed }],
              },
            ],
          },
        ],
      });
      const payments = async () => ({
        posture: await knex('posture_components')
          .where({ entity_ref: PAYMENTS })
          .first(),
        findings: await knex('posture_findings')
          .where({ entity_ref: PAYMENTS })
          .orderBy('id')
          .select(),
      });
      // payments-api has log4j-core 2.13.2: an advisory of 2.0 to 2.1 does not touch it
      const before = await payments();
      exports.feeds.maven = [
        ...exports.feeds.maven,
        record('GHSA-test-0000-0001', '2.0', '2.1'),
      ];
      await refresh();
      expect(
        await knex('posture_advisories')
          .where({ id: 'GHSA-test-0000-0001' })
          .first(),
      ).toBeDefined();
      expect(await payments()).toEqual(before);

      // one of 2.13.0 to 2.13.3 opens its match
      exports.feeds.maven = [
        ...exports.feeds.maven,
        record('GHSA-test-0000-0002', '2.13.0', '2.13.3'),
      ];
      await refresh();
      expect(
        (await matchesOf(PAYMENTS)).filter(
          f => f.rule_id === 'GHSA-test-0000-0002',
        ),
      ).toEqual([expect.objectContaining({ status: 'open' })]);
    });
  },
);
