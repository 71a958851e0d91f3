import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  API,
  startPostureBackend,
  uploadReport,
} from '../__testUtils__/backend';
import { parseReport } from '../parsers';
import { readFixture } from '../parsers/testFixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api';
/** Microsoft's SARIF sample of every suppression variant. */
const SUPPRESSIONS = readFixture('sarif', 'sarif-tutorials_Suppressions.sarif');
/** How many of its results the scanner itself suppressed (as the parser reads them: 5 of 9). */
const SUPPRESSED = parseReport(SUPPRESSIONS, {}).findings.filter(
  f => f.suppression,
).length;
const user = mockCredentials.user.header();

describe.each(databases.eachSupportedId())(
  "scanners' own suppressions on %p",
  databaseId => {
    async function uploaded(config: object = {}) {
      const { server } = await startPostureBackend({
        database: { databases, id: databaseId },
        config: { securityPosture: config },
      });
      const res = await uploadReport(server, PAYMENTS, SUPPRESSIONS);
      expect(res.status).toBe(201);
      const findings = await request(server)
        .get(
          `${API}/v1/entities/component/default/payments-api/findings?limit=100`,
        )
        .set('Authorization', user);
      const posture = await request(server)
        .get(`${API}/v1/entities/component/default/payments-api/posture`)
        .set('Authorization', user);
      return {
        ingest: res.body,
        findings: findings.body.items,
        posture: posture.body,
      };
    }

    it('keep counting, shown as suppressed by the scanner, until a person approves an exception', async () => {
      const { ingest, findings, posture } = await uploaded();
      expect(ingest.counts).toMatchObject({ new: 9, suppressed: 0 });
      const bySuppression = findings.filter((f: any) => f.suppression);
      expect(SUPPRESSED).toBe(5);
      expect(bySuppression).toHaveLength(SUPPRESSED);
      // open, with the scanner's suppression kept for people to see
      expect(bySuppression.every((f: any) => f.status === 'open')).toBe(true);
      expect(bySuppression[0].suppression.source).toBe('sarif');
      const open = Object.values(posture.open as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      );
      expect(open).toBe(9);
      expect(posture.suppressed).toBe(0);
    });

    it('stop counting for a tool whose suppressions are trusted (securityPosture.ingest.trustSuppressionsOf)', async () => {
      const { ingest, findings, posture } = await uploaded({
        ingest: { trustSuppressionsOf: ['SarifSamples'] },
      });
      expect(ingest.counts).toMatchObject({ new: 9, suppressed: SUPPRESSED });
      expect(
        findings.filter((f: any) => f.status === 'suppressed'),
      ).toHaveLength(SUPPRESSED);
      expect(posture.suppressed).toBe(SUPPRESSED);
    });
  },
);
