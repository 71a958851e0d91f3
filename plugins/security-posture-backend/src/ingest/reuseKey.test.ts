import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { readFixture } from '../parsers/testFixtures';
import {
  API,
  startPostureBackend,
  uploadReport,
} from '../__testUtils__/backend';
import { reuseKeyOf } from './reuseKey';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const PAYMENTS = 'component:default/payments-api';

const sha256 = (data: Buffer | string) =>
  createHash('sha256').update(data).digest('hex');
const keyOf = (text: string) => {
  const body = Buffer.from(text);
  return reuseKeyOf(body, sha256(body));
};

const SPDX = readFixture(
  'spdx',
  'npm-cli-11.19.1_sbom-demo-service.spdx.json',
).toString();
const CYCLONEDX = readFixture(
  'cyclonedx',
  'trivy_npm-cyclonedx-1.6_with-vulnerabilities.cdx.json',
).toString();

/** The SPDX fixture as npm would write it again a minute later: new namespace and time. */
function regeneratedSpdx(): string {
  const doc = JSON.parse(SPDX);
  doc.documentNamespace = doc.documentNamespace.replace(
    /[0-9a-f-]{36}$/,
    'a1b2c3d4-0000-4000-8000-000000000001',
  );
  doc.creationInfo.created = '2026-12-07T03:00:00.000Z';
  return JSON.stringify(doc, null, 2);
}

/** The CycloneDX fixture as trivy would write it again: new serial number and timestamp. */
function regeneratedCycloneDx(): string {
  const doc = JSON.parse(CYCLONEDX);
  doc.serialNumber = 'urn:uuid:00000000-0000-4000-8000-000000000002';
  doc.metadata.timestamp = '2026-12-07T03:00:00+00:00';
  return JSON.stringify(doc);
}

describe('reuseKeyOf', () => {
  it('is the same for an SBOM generated again, and differs when a package does', () => {
    expect(keyOf(regeneratedSpdx())).toBe(keyOf(SPDX));
    expect(keyOf(regeneratedCycloneDx())).toBe(keyOf(CYCLONEDX));
    const bumped = JSON.parse(CYCLONEDX);
    bumped.components[1].version = '9.9.9';
    expect(keyOf(JSON.stringify(bumped))).not.toBe(keyOf(CYCLONEDX));
    const spdxBumped = JSON.parse(SPDX);
    spdxBumped.packages[1].versionInfo = '9.9.9';
    expect(keyOf(JSON.stringify(spdxBumped))).not.toBe(keyOf(SPDX));
    // another generator's name or version is another report
    const otherTool = JSON.parse(SPDX);
    otherTool.creationInfo.creators = ['Tool: npm/cli-12.0.0'];
    expect(keyOf(JSON.stringify(otherTool))).not.toBe(keyOf(SPDX));
  });

  it('is the byte digest of everything that is not a JSON SBOM', () => {
    const gitleaks = readFixture('gitleaks', 'gitleaks_json_simple.json');
    expect(reuseKeyOf(gitleaks, sha256(gitleaks))).toBe(sha256(gitleaks));
    // a scanner's text that merely mentions an SBOM field, and a broken SBOM
    const mentions = Buffer.from(JSON.stringify({ note: '"bomFormat"' }));
    expect(reuseKeyOf(mentions, 'bytes')).toBe('bytes');
    const broken = Buffer.from('{"bomFormat": "CycloneDX", ');
    expect(reuseKeyOf(broken, 'bytes')).toBe('bytes');
  });
});

describe.each(databases.eachSupportedId())(
  'an SBOM generated again on %p',
  databaseId => {
    it('takes the reimport shortcut (same scan key), while the audit log keeps each upload’s own digest', async () => {
      const { server, knex, backend } = await startPostureBackend({
        database: { databases, id: databaseId },
        config: { securityPosture: { notifications: { enabled: false } } },
      });
      const first = await uploadReport(server, PAYMENTS, SPDX).expect(201);
      const again = await uploadReport(
        server,
        PAYMENTS,
        regeneratedSpdx(),
      ).expect(201);
      expect(again.body.inventory).toEqual({
        added: 0,
        removed: 0,
        changed: 0,
        unchanged: first.body.inventory.added,
      });
      const scans = await knex('posture_scans')
        .where({ entity_ref: PAYMENTS })
        .orderBy('created_at')
        .select('report_sha256');
      expect(scans).toHaveLength(2);
      expect(scans[1].report_sha256).toBe(scans[0].report_sha256);
      expect(scans[0].report_sha256).toBe(keyOf(SPDX));
      const audit = await request(server)
        .get(`${API}/v1/audit?type=report.uploaded&entityRef=${PAYMENTS}`)
        .set('Authorization', mockCredentials.user.header())
        .expect(200);
      expect(
        audit.body.items.map((e: any) => e.details.reportSha256).sort(),
      ).toEqual([sha256(SPDX), sha256(regeneratedSpdx())].sort());
      await backend.stop();
    });
  },
);
