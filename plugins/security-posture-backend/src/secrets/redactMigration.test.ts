import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import { tablesOf } from '../__testUtils__/database';
import { MIGRATIONS_DIRECTORY as MIGRATIONS } from '../database/tables';

const MIGRATION = '20261206100000_redact_secrets.js';

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GITHUB_TOKEN = 'ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5';
const COMMIT = '3c7f3f0e08c5b84a0cd3da69dbfd7ac9931cea63';
const DIGEST =
  'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const FINGERPRINT = `${'a'.repeat(24)}0123456789abcdef0123456789abcdef01234567`;

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

type Knex = Awaited<ReturnType<typeof databases.init>>;

/** Every row of every table but knex' own, as JSON. */
async function dump(knex: Knex): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const table of await tablesOf(knex)) {
    out[table] = await knex(table).select();
  }
  return JSON.stringify(out);
}

function finding(overrides: Record<string, unknown>) {
  const now = new Date('2026-12-01T00:00:00Z');
  return {
    entity_ref: 'component:default/payments',
    tool: 'gitleaks',
    branch: 'main',
    kind: 'secret',
    rule_id: 'aws-access-token',
    severity: 'high',
    severity_rank: 1,
    status: 'open',
    aliases: '[]',
    cwes: '["CWE-798"]',
    first_seen_at: now,
    last_seen_at: now,
    last_scan_id: '00000000-0000-4000-8000-000000000001',
    content_hash: 'c'.repeat(40),
    ...overrides,
  };
}

/** A served finding, as kept in top_findings. */
function served(kind: string, message: string, secretRedacted: string | null) {
  return {
    id: '1',
    fingerprint: FINGERPRINT,
    tool: 'gitleaks',
    kind,
    ruleId: 'aws-access-token',
    title: `AWS secret ${AWS_SECRET}`,
    severity: 'high',
    status: 'open',
    branch: 'main',
    aliases: [],
    cwes: [],
    package: null,
    location: { path: 'conf/aws.tf', startLine: 3, endLine: null },
    message,
    remediation: `rotate token=${GITHUB_TOKEN}`,
    remediationUrl: null,
    cvssScore: null,
    suppression: null,
    secretRedacted,
    firstSeenAt: '2026-12-01T00:00:00.000Z',
  };
}

describe.each(databases.eachSupportedId())(
  'redact_secrets migration on %p',
  databaseId => {
    it('removes every raw secret already stored and keeps ordinary text', async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      const files = fs
        .readdirSync(MIGRATIONS)
        .filter(f => f.endsWith('.js'))
        .sort();
      const index = files.indexOf(MIGRATION);
      expect(index).toBeGreaterThan(0);
      for (let i = 0; i < index; i++) {
        await knex.migrate.up({ directory: MIGRATIONS });
      }
      const [done] = await knex.migrate.list({ directory: MIGRATIONS });
      expect(
        done.map((m: string | { name: string }) =>
          typeof m === 'string' ? m : m.name,
        ),
      ).toEqual(files.slice(0, index));

      await knex('posture_components').insert({
        entity_ref: 'component:default/payments',
        updated_at: new Date('2026-12-01T00:00:00Z'),
        top_findings: JSON.stringify([
          served(
            'secret',
            `Found ${AWS_SECRET} at commit ${COMMIT}`,
            AWS_SECRET,
          ),
          served('container', `alpine@${DIGEST} quotes ${GITHUB_TOKEN}`, null),
        ]),
        posture: JSON.stringify({
          counts: { high: 2 },
          topFindings: [served('secret', `key ${GITHUB_TOKEN}`, 'ghp_…YZ')],
        }),
      });
      await knex('posture_findings').insert([
        finding({
          fingerprint: 'f-secret',
          title: `AWS secret access key ${AWS_SECRET}`,
          message: `Found ${AWS_SECRET} and ${GITHUB_TOKEN} at commit ${COMMIT}`,
          remediation: `Rotate it: token=${GITHUB_TOKEN}`,
          suppression_justification: `false positive: ${AWS_SECRET}`,
          secret_redacted: AWS_SECRET,
        }),
        finding({
          fingerprint: 'f-old-mask',
          title: 'AWS Access Key',
          message: 'AWS Access Key secret found in conf/aws.tf at line 3.',
          secret_redacted: 'AKIA…LE',
        }),
        finding({
          fingerprint: 'f-container',
          tool: 'trivy',
          kind: 'container',
          rule_id: 'CVE-2021-44228',
          title: 'CVE-2021-44228 in log4j-core',
          message: `Image alpine@${DIGEST}; the Dockerfile quotes ${GITHUB_TOKEN}`,
          package_name: 'log4j-core',
          package_purl: `pkg:maven/org.apache/log4j-core@2.14.1?token=${GITHUB_TOKEN}`,
          remediation_url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
        }),
      ]);
      const [secretRow] = await knex('posture_findings')
        .where({ fingerprint: 'f-secret' })
        .select('id');
      await knex('posture_finding_events').insert({
        finding_id: secretRow.id,
        scan_id: '00000000-0000-4000-8000-000000000001',
        event: 'opened',
        created_at: new Date('2026-12-01T00:00:00Z'),
      });
      const before = await dump(knex);
      expect(before).toContain(AWS_SECRET);
      expect(before).toContain(GITHUB_TOKEN);

      await knex.migrate.latest({ directory: MIGRATIONS });

      const after = await dump(knex);
      for (const secret of [AWS_SECRET, GITHUB_TOKEN]) {
        expect(after).not.toContain(secret);
        expect(after).not.toContain(JSON.stringify(secret).slice(1, -1));
      }

      const rows = await knex('posture_findings').orderBy('fingerprint');
      const byFingerprint = Object.fromEntries(
        rows.map(r => [r.fingerprint, r]),
      );
      const secret = byFingerprint['f-secret'];
      expect(secret.secret_redacted).toBe('wJal…');
      expect(Array.from(secret.secret_redacted.replace('…', '')).length).toBe(
        4,
      );
      expect(secret.title).toBe('AWS secret access key wJal…');
      // the commit id stays: it is not a secret
      expect(secret.message).toBe(`Found wJal… and ghp_… at commit ${COMMIT}`);
      expect(secret.remediation).toBe('Rotate it: token=ghp_…');
      expect(secret.suppression_justification).toBe('false positive: wJal…');
      expect(byFingerprint['f-old-mask'].secret_redacted).toBe('AKIA…');
      expect(byFingerprint['f-old-mask'].message).toBe(
        'AWS Access Key secret found in conf/aws.tf at line 3.',
      );
      const container = byFingerprint['f-container'];
      // digests of other findings stay, the rule families go
      expect(container.message).toBe(
        `Image alpine@${DIGEST}; the Dockerfile quotes ghp_…`,
      );
      expect(container.package_purl).toBeNull();
      expect(container.remediation_url).toBe(
        'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      );
      expect(container.title).toBe('CVE-2021-44228 in log4j-core');

      const [component] = await knex('posture_components').select();
      const top = JSON.parse(component.top_findings);
      expect(top[0]).toMatchObject({
        fingerprint: FINGERPRINT,
        title: 'AWS secret wJal…',
        message: `Found wJal… at commit ${COMMIT}`,
        remediation: 'rotate token=ghp_…',
        secretRedacted: 'wJal…',
        location: { path: 'conf/aws.tf' },
      });
      expect(top[1].message).toBe(`alpine@${DIGEST} quotes ghp_…`);
      const posture = JSON.parse(component.posture);
      expect(posture.counts).toEqual({ high: 2 });
      expect(posture.topFindings[0].secretRedacted).toBe('ghp_…');
      expect(posture.topFindings[0].message).toBe('key ghp_…');

      // redacting again changes nothing; rolling back keeps the redaction
      await knex.migrate.down({ directory: MIGRATIONS, name: MIGRATION });
      expect(await dump(knex)).toBe(after);
      await knex.migrate.latest({ directory: MIGRATIONS });
      expect(await dump(knex)).toBe(after);
      await knex.destroy();
    });

    it('redacts the reasons and comments of exceptions and the details of audit events', async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      const NEXT = '20261206130000_redact_audit_exceptions.js';
      const files = fs
        .readdirSync(MIGRATIONS)
        .filter(f => f.endsWith('.js'))
        .sort();
      const index = files.indexOf(NEXT);
      expect(index).toBeGreaterThan(0);
      for (let i = 0; i < index; i++) {
        await knex.migrate.up({ directory: MIGRATIONS });
      }
      const when = new Date('2026-12-01T00:00:00Z');
      await knex('posture_exceptions').insert({
        id: '00000000-0000-4000-8000-00000000e001',
        entity_ref: 'component:default/payments',
        scope: 'rule',
        rule_id: 'aws-access-token',
        justification: 'code_not_reachable',
        reason: `The test key ${AWS_SECRET} is revoked`,
        state: 'revoked',
        requested_by: 'user:default/dana',
        requested_at: when,
        expires_at: when,
        decided_by: 'user:default/lee',
        decided_at: when,
        decision_comment: `ok, rotated token=${GITHUB_TOKEN}`,
        revoked_by: 'user:default/dana',
        revoked_at: when,
        revoke_comment: 'plain words',
        updated_at: when,
      });
      const sha = `${'f'.repeat(8)}${'0123456789abcdef'.repeat(3)}01234567`;
      await knex('audit_events').insert([
        {
          type: 'exception.requested',
          entity_ref: 'component:default/payments',
          actor: 'user:default/dana',
          details: JSON.stringify({
            reason: `The test key ${AWS_SECRET} is revoked`,
            findingId: '17',
          }),
          created_at: when,
        },
        {
          type: 'report.uploaded',
          entity_ref: 'component:default/payments',
          actor: 'service:external:ci',
          details: JSON.stringify({
            reportSha256: sha,
            tools: ['gitleaks'],
            branch: `token=${GITHUB_TOKEN}`,
            counts: { new: 3 },
          }),
          created_at: when,
        },
      ]);
      expect(await dump(knex)).toContain(AWS_SECRET);

      await knex.migrate.latest({ directory: MIGRATIONS });

      const after = await dump(knex);
      for (const secret of [AWS_SECRET, GITHUB_TOKEN]) {
        expect(after).not.toContain(secret);
      }
      const [exception] = await knex('posture_exceptions').select();
      expect(exception.reason).toBe('The test key wJal… is revoked');
      expect(exception.decision_comment).toBe('ok, rotated token=ghp_…');
      expect(exception.revoke_comment).toBe('plain words');
      const events = await knex('audit_events').orderBy('id');
      expect(JSON.parse(events[0].details)).toEqual({
        reason: 'The test key wJal… is revoked',
        findingId: '17',
      });
      // a digest is not a secret: it stays, with the counts
      expect(JSON.parse(events[1].details)).toEqual({
        reportSha256: sha,
        tools: ['gitleaks'],
        branch: 'token=ghp_…',
        counts: { new: 3 },
      });
      await knex.destroy();
    });
  },
);
