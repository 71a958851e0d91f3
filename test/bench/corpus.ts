import { createHash, randomUUID } from 'node:crypto';
import { Knex } from 'knex';

/** Size of the background corpus. */
export interface CorpusShape {
  components: number;
  findingsPerComponent: number;
}

/** What was loaded and how long it took. */
export interface CorpusResult {
  components: number;
  findings: number;
  scans: number;
  ms: number;
  /** A sentence for the printed report. */
  method: string;
}

const BATCH = 400;
const COMPONENTS_PER_COPY = 500;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** Every column of posture_findings but the surrogate id, in migration order. */
const FINDING_COLUMNS = [
  'entity_ref',
  'tool',
  'branch',
  'fingerprint',
  'kind',
  'rule_id',
  'title',
  'severity',
  'severity_rank',
  'status',
  'aliases',
  'cwes',
  'package_name',
  'package_purl',
  'installed_version',
  'fixed_version',
  'path',
  'start_line',
  'end_line',
  'message',
  'remediation',
  'remediation_url',
  'cvss_score',
  'suppression_source',
  'suppression_state',
  'suppression_justification',
  'secret_redacted',
  'first_seen_at',
  'last_seen_at',
  'fixed_at',
  'reopen_count',
  'sla_due_at',
  'last_scan_id',
  'content_hash',
] as const;

/** Corpus component names sort in creation order: `corpus-00000`, `corpus-00001`, ... */
function corpusRef(index: number): string {
  return `component:default/corpus-${String(index).padStart(5, '0')}`;
}

function isoDaysAgo(now: number, days: number): string {
  return new Date(now - days * 86_400_000).toISOString();
}

function templateFinding(
  entityRef: string,
  index: number,
  scanId: string,
  now: number,
): Record<string, unknown> {
  // Mostly open, some fixed and suppressed; severities skewed towards medium and low.
  const severity = SEVERITIES[[0, 1, 1, 2, 2, 2, 3, 3, 3, 4][index % 10]];
  const status =
    index % 14 === 0 ? 'fixed' : index % 33 === 0 ? 'suppressed' : 'open';
  const sca = index % 2 === 0;
  const firstSeen = isoDaysAgo(now, 5 + (index % 120));
  const path = sca
    ? 'package-lock.json'
    : `src/module${index % 9}/file${index}.ts`;
  return {
    entity_ref: entityRef,
    tool: sca ? 'trivy' : 'semgrep',
    branch: 'main',
    fingerprint: createHash('sha1').update(`corpus:${index}`).digest('hex'),
    kind: sca ? 'sca' : 'sast',
    rule_id: sca ? `CVE-2025-${10000 + index}` : `corpus.rule-${index % 40}`,
    title: sca
      ? `Vulnerability ${index} in package pkg-${index}`
      : `Corpus rule ${index % 40}`,
    severity,
    severity_rank: SEVERITIES.indexOf(severity),
    status,
    aliases: sca ? JSON.stringify([`CVE-2025-${10000 + index}`]) : '[]',
    cwes: JSON.stringify([`CWE-${[79, 89, 22, 502][index % 4]}`]),
    package_name: sca ? `pkg-${index}` : null,
    package_purl: sca ? `pkg:npm/pkg-${index}@1.${index % 10}.0` : null,
    installed_version: sca ? `1.${index % 10}.0` : null,
    fixed_version: sca ? `1.${(index % 10) + 1}.0` : null,
    path,
    start_line: sca ? null : 1 + ((index * 37) % 900),
    end_line: sca ? null : 2 + ((index * 37) % 900),
    message: `Corpus finding ${index}: untrusted data reaches a sensitive sink.`,
    remediation: 'Upgrade or validate the input.',
    remediation_url: `https://example.com/advisories/${index}`,
    cvss_score: sca ? 3 + (index % 7) : null,
    suppression_source: status === 'suppressed' ? 'vex' : null,
    suppression_state: status === 'suppressed' ? 'not_affected' : null,
    suppression_justification:
      status === 'suppressed' ? 'code_not_reachable' : null,
    secret_redacted: null,
    first_seen_at: firstSeen,
    last_seen_at: isoDaysAgo(now, 1),
    fixed_at: status === 'fixed' ? isoDaysAgo(now, 2) : null,
    reopen_count: 0,
    sla_due_at:
      severity === 'info'
        ? null
        : new Date(
            Date.parse(firstSeen) +
              [7, 30, 90, 180][SEVERITIES.indexOf(severity)] * 86_400_000,
          ).toISOString(),
    last_scan_id: scanId,
    content_hash: createHash('sha1').update(`content:${index}`).digest('hex'),
  };
}

async function insertBatches(
  db: Knex,
  table: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db(table).insert(rows.slice(i, i + BATCH));
  }
}

/**
 * Loads the background corpus straight into the plugin's tables (not through ingest): one
 * posture_components row and one posture_scans row per component, `findingsPerComponent` template
 * findings for the first component through knex batch inserts, then the same findings for every
 * other component by `INSERT ... SELECT` across a join, 500 components per statement. On
 * PostgreSQL the tables are then ANALYZEd, as autovacuum would do on a live system.
 */
export async function loadCorpus(
  db: Knex,
  shape: CorpusShape,
): Promise<CorpusResult> {
  const start = Date.now();
  const now = Date.now();
  const nowIso = new Date(now).toISOString();
  const refs = Array.from({ length: shape.components }, (_, i) => corpusRef(i));
  const scanIds = refs.map(() => randomUUID());

  await insertBatches(
    db,
    'posture_components',
    refs.map((ref, i) => ({
      entity_ref: ref,
      tier: 1 + (i % 3),
      lifecycle: 'production',
      owner_ref: `group:default/corpus-team-${i % 50}`,
      system_ref: `system:default/corpus-system-${i % 200}`,
      domain_ref: `domain:default/corpus-domain-${i % 10}`,
      last_scan_at: nowIso,
      score: 40 + (i % 60),
      grade: 'ABCDF'[i % 5],
      updated_at: nowIso,
    })),
  );
  await insertBatches(
    db,
    'posture_scans',
    refs.map((ref, i) => ({
      id: scanIds[i],
      entity_ref: ref,
      tool: 'semgrep',
      tool_version: '1.95.0',
      kinds: 'sast',
      format: 'sarif',
      branch: 'main',
      commit_sha: createHash('sha1').update(ref).digest('hex'),
      complete: true,
      uploaded_by: 'bench',
      count_new: 0,
      count_unchanged: shape.findingsPerComponent,
      count_fixed: 0,
      count_reopened: 0,
      count_total: shape.findingsPerComponent,
      created_at: nowIso,
    })),
  );

  const template = refs[0];
  await insertBatches(
    db,
    'posture_findings',
    Array.from({ length: shape.findingsPerComponent }, (_, i) =>
      templateFinding(template, i, scanIds[0], now),
    ),
  );
  const copied = FINDING_COLUMNS.slice(1);
  const sql = `insert into posture_findings (${FINDING_COLUMNS.map(
    () => '??',
  ).join(', ')}) select c.entity_ref, ${copied
    .map(() => 't.??')
    .join(', ')} from posture_components c cross join posture_findings t
    where t.entity_ref = ? and c.entity_ref > ? and c.entity_ref <= ?`;
  for (let i = 1; i < refs.length; i += COMPONENTS_PER_COPY) {
    const last = refs[Math.min(refs.length, i + COMPONENTS_PER_COPY) - 1];
    await db.raw(sql, [
      ...FINDING_COLUMNS,
      ...copied,
      template,
      refs[i - 1],
      last,
    ]);
  }
  if (db.client.config.client === 'pg') {
    await db.raw('analyze posture_components, posture_scans, posture_findings');
  }
  const [{ n }] = await db('posture_findings')
    .where('entity_ref', 'like', 'component:default/corpus-%')
    .count({ n: '*' });
  const findings = Number(n);
  const expected = shape.components * shape.findingsPerComponent;
  if (findings !== expected) {
    throw new Error(`corpus has ${findings} findings, expected ${expected}`);
  }
  return {
    components: refs.length,
    findings,
    scans: refs.length,
    ms: Date.now() - start,
    method:
      `${refs.length} posture_components + ${refs.length} posture_scans rows by knex batch ` +
      `insert (${BATCH}/stmt); ${shape.findingsPerComponent} template findings for ` +
      `${template}, copied to every other component by INSERT ... SELECT ` +
      `(${COMPONENTS_PER_COPY} components/stmt)` +
      (db.client.config.client === 'pg' ? '; then ANALYZE' : ''),
  };
}
