import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { readFixture } from '../parsers/testFixtures';
import { postureServicesFor } from '../__testUtils__/services';
import { ExploitIntel, parseEpss, parseKev } from './ExploitIntel';
import { priorityLabel, priorityScore } from './priority';
import { refreshExploitIntel } from './refresh';

jest.setTimeout(60_000);

const exposure = { tier: 3, lifecycle: 'experimental', providedApis: 0 };
const none = { kev: false, epss: null };

describe('priorityScore', () => {
  it('adds severity, exploitation and exposure, as docs/prioritisation.md says', () => {
    expect(
      priorityScore({
        severity: 'high',
        suppressed: false,
        signal: none,
        exposure,
      }),
    ).toBe(30);
    // EPSS 0.5 adds 15; KEV adds 30 whatever the EPSS
    expect(
      priorityScore({
        severity: 'high',
        suppressed: false,
        signal: { kev: false, epss: 0.5 },
        exposure,
      }),
    ).toBe(45);
    expect(
      priorityScore({
        severity: 'high',
        suppressed: false,
        signal: { kev: true, epss: 0.01 },
        exposure,
      }),
    ).toBe(60);
    // tier 1, production, provides an API: +20
    expect(
      priorityScore({
        severity: 'high',
        suppressed: false,
        signal: { kev: true, epss: null },
        exposure: { tier: 1, lifecycle: 'production', providedApis: 2 },
      }),
    ).toBe(80);
    // capped at 100
    expect(
      priorityScore({
        severity: 'critical',
        suppressed: false,
        signal: { kev: true, epss: 1 },
        exposure: { tier: 1, lifecycle: 'production', providedApis: 1 },
      }),
    ).toBe(90);
    // not affected (VEX, scanner suppression): nothing to do here
    expect(
      priorityScore({
        severity: 'critical',
        suppressed: true,
        signal: { kev: true, epss: 1 },
        exposure,
      }),
    ).toBe(0);
    expect([70, 69, 50, 49, 30, 29, 0].map(priorityLabel)).toEqual([
      'P1',
      'P2',
      'P2',
      'P3',
      'P3',
      'P4',
      'P4',
    ]);
  });
});

describe('exploitation data', () => {
  it('loads the shipped seed: the grype fixture EPSS scores and Log4Shell on KEV', () => {
    const intel = ExploitIntel.fromFiles();
    expect(intel.sizes).toEqual({ kev: 1, epss: 15 });
    expect(intel.lookup(['GHSA-jfh8-c2jp-5v3q', 'cve-2021-44228'])).toEqual({
      kev: true,
      epss: null,
    });
    // the highest EPSS among a finding's CVEs
    expect(intel.lookup(['CVE-2021-42374', 'CVE-2022-28391'])).toEqual({
      kev: false,
      epss: 0.0719,
    });
  });

  it('refuses files that are not the formats it reads, naming the source', () => {
    expect(() => parseKev('{"items": []}', 'kev.json')).toThrow(
      'kev.json: no "vulnerabilities" list',
    );
    expect(() => parseKev('<html>', 'kev.json')).toThrow('kev.json: not JSON');
    expect(() => parseEpss('id,score\n', 'epss.csv')).toThrow(
      'epss.csv: the header must name the columns cve and epss',
    );
    expect(
      parseEpss(
        gzipSync('#model\ncve,epss,percentile\nCVE-2020-0001,0.5,0.9\n'),
        'x',
      ),
    ).toEqual(new Map([['CVE-2020-0001', 0.5]]));
  });
});

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('refresh and re-rank on %p', id => {
  it('downloads fresher data from a configured URL and re-ranks open findings', async () => {
    // a real HTTP server standing in for CISA and FIRST: KEV now lists an alpine CVE of the
    // trivy fixture; one request fails first to prove a failed source keeps the current data
    let kevRequests = 0;
    const served = new http.Server((req, res) => {
      if (req.url === '/kev.json') {
        kevRequests += 1;
        if (kevRequests === 1) {
          res.writeHead(503).end('busy');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            vulnerabilities: [
              { cveID: 'CVE-2021-44228' },
              { cveID: 'CVE-2019-1549' },
            ],
          }),
        );
        return;
      }
      if (req.url === '/epss.csv.gz') {
        res.writeHead(200);
        res.end(gzipSync('cve,epss,percentile\nCVE-2019-1549,0.25,0.95\n'));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>(r => served.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(served.address() as AddressInfo).port}`;

    const knex = await databases.init(id as TestDatabaseId);
    const intel = ExploitIntel.fromFiles();
    const logger = mockServices.logger.mock();
    const service = await postureServicesFor(knex, { logger, intel });
    await service.ingest.ingest({
      entityRef: 'component:default/checkout-web',
      body: readFixture('trivy', 'trivy_image_alpine-310.json'),
      uploadedBy: 'test',
    });
    const before = await knex('posture_findings')
      .whereRaw("aliases like '%CVE-2019-1549%'")
      .first();
    expect(before).toBeDefined();
    expect(Boolean(before.kev)).toBe(false);

    const first = await refreshExploitIntel({
      intel,
      kevUrl: `${base}/kev.json`,
      logger,
    });
    expect(first).toEqual({});
    expect(intel.sizes.kev).toBe(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/KEV refresh failed, keeping the current data/),
    );

    const second = await refreshExploitIntel({
      intel,
      kevUrl: `${base}/kev.json`,
      epssUrl: `${base}/epss.csv.gz`,
      logger,
    });
    expect(second).toEqual({ kev: 2, epss: 1 });
    const changed = await service.tasks.rerankAll();
    expect(changed).toBeGreaterThan(0);

    const after = await knex('posture_findings')
      .where({ id: before.id })
      .first();
    expect(Boolean(after.kev)).toBe(true);
    expect(Number(after.epss)).toBe(0.25);
    expect(Number(after.priority_score)).toBeGreaterThan(
      Number(before.priority_score),
    );
    const listed = await knex('posture_findings')
      .where({ entity_ref: 'component:default/checkout-web', status: 'open' })
      .whereRaw("aliases like '%CVE-2019-1549%'");
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every(r => Boolean(r.kev))).toBe(true);
    const posture = await service.postures.getPosture(
      'component:default/checkout-web',
    );
    expect(posture.knownExploited).toBe(listed.length);
    expect(posture.topFindings[0].aliases).toContain('CVE-2019-1549');
    expect(posture.topFindings[0].kev).toBe(true);
    // a second re-rank with the same data changes nothing
    expect(await service.tasks.rerankAll()).toBe(0);
    await new Promise(r => served.close(r));
  });
});
