import { PostureCheck } from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import { chunks, fromJson } from '../rows';
import { INSERT_BATCH } from '../tables';

/** Replaces a component's OpenSSF Scorecard checks with those of the latest report. @internal */
export async function replaceChecks(
  tx: Knex,
  entityRef: string,
  scanId: string,
  checks: PostureCheck[],
  now: string,
): Promise<void> {
  await tx('posture_checks').where({ entity_ref: entityRef }).delete();
  const unique = new Map(checks.map(c => [c.name.slice(0, 100), c]));
  const rows = [...unique].map(([name, c]) => ({
    entity_ref: entityRef,
    name,
    score: c.score,
    reason: c.reason,
    documentation_url: c.documentationUrl?.slice(0, 1000) ?? null,
    details: c.details ? JSON.stringify(c.details) : null,
    scan_id: scanId,
    updated_at: now,
  }));
  for (const batch of chunks(rows, INSERT_BATCH)) {
    await tx('posture_checks').insert(batch);
  }
}

/** A component's checks, by name. @internal */
export async function readChecks(
  db: Knex,
  entityRef: string,
): Promise<PostureCheck[]> {
  const rows = await db('posture_checks')
    .where({ entity_ref: entityRef })
    .orderBy('name');
  return rows.map(c => ({
    name: c.name,
    score: Number(c.score),
    reason: c.reason,
    ...(c.documentation_url ? { documentationUrl: c.documentation_url } : {}),
    ...(c.details ? { details: fromJson<string[]>(c.details, []) } : {}),
  }));
}

/** How many checks a component has. @internal */
export async function countChecks(
  db: Knex,
  entityRef: string,
): Promise<number> {
  const [{ n }] = await db('posture_checks')
    .where({ entity_ref: entityRef })
    .count({ n: '*' });
  return Number(n);
}
