import { InputError } from '@backstage/errors';
import { FindingsQuery } from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import { StoredFindingPage } from '../PostureStore';
import { toIso, toIsoOrNull } from '../rows';
import {
  findingColumns,
  FindingRow,
  lastSeenExpression,
  NO_DUE_DATE,
} from '../tables';
import { toStoredFinding } from './findingRows';

const SORT_COLUMNS = {
  priority: 'priority_score',
  severity: 'severity_rank',
  firstSeen: 'first_seen_at',
  lastSeen: 'last_seen_at',
  title: 'title',
  tool: 'tool',
  slaDue: 'sla_due_at',
} as const;

/** The sort value of the last row of a page, as the cursor carries it. */
function cursorValue(column: string, raw: unknown): string | number {
  if (column === 'sla_due_at') {
    return toIsoOrNull(raw) ?? NO_DUE_DATE;
  }
  if (column.endsWith('_at')) {
    return toIso(raw);
  }
  return raw as string | number;
}

function encodeCursor(value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | number, string] | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string' &&
      /^\d{1,19}$/.test(parsed[1])
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through
  }
  return undefined;
}

/**
 * One page of a component's findings on a branch: filtered, searched, sorted (by priority unless
 * asked otherwise), with an opaque cursor that carries the last row's sort value and id.
 *
 * @internal
 */
export async function listFindings(
  db: Knex,
  entityRef: string,
  branch: string,
  query: FindingsQuery,
  now: string,
): Promise<StoredFindingPage> {
  const limit = query.limit ?? 50;
  const sort = query.sort ?? 'priority';
  const order =
    query.order ??
    (sort === 'severity' ||
    sort === 'slaDue' ||
    sort === 'title' ||
    sort === 'tool'
      ? 'asc'
      : 'desc');
  const base = db('posture_findings').where({
    entity_ref: entityRef,
    branch,
  });
  if (query.status?.length) base.whereIn('status', query.status);
  if (query.severity?.length) base.whereIn('severity', query.severity);
  if (query.kind?.length) base.whereIn('kind', query.kind);
  if (query.tool?.length) base.whereIn('tool', query.tool);
  if (query.q) {
    const like = `%${query.q
      .toLocaleLowerCase('en-US')
      .replace(/[\\%_]/g, c => `\\${c}`)}%`;
    base.where(w => {
      for (const column of [
        'title',
        'rule_id',
        'path',
        'package_name',
        'aliases',
      ]) {
        w.orWhereRaw(`lower(${column}) like ? escape '\\'`, [like]);
      }
    });
  }
  const [{ n }] = await base.clone().count({ n: '*' });
  const column = SORT_COLUMNS[sort];
  const expressions: Record<string, Knex.Raw> = {
    sla_due_at: db.raw('coalesce(sla_due_at, ?)', [NO_DUE_DATE]),
    last_seen_at: lastSeenExpression(db),
  };
  const sortExpr = expressions[column] ?? db.ref(column);
  const page = base.clone();
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    if (!cursor) {
      throw new InputError('cursor is not valid; start from the first page');
    }
    const [value, id] = cursor;
    const op = order === 'asc' ? '>' : '<';
    page.where(w =>
      w
        .where(sortExpr, op, value)
        .orWhere(w2 => w2.where(sortExpr, '=', value).where('id', op, id)),
    );
  }
  const rows: FindingRow[] = await page
    .orderBy([
      { column: sortExpr as any, order },
      { column: 'id', order },
    ])
    .limit(limit + 1)
    .select(findingColumns(db));
  const items = rows.slice(0, limit).map(r => toStoredFinding(r, now));
  let nextCursor: string | null = null;
  if (rows.length > limit) {
    const last = rows[limit - 1] as unknown as Record<string, unknown>;
    nextCursor = encodeCursor(
      cursorValue(
        column,
        last[column === 'last_seen_at' ? 'seen_at_derived' : column],
      ),
      String(last.id),
    );
  }
  return { items, totalCount: Number(n), nextCursor };
}
