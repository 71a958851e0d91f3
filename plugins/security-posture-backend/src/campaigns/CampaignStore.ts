import {
  Campaign,
  CampaignGoal,
  CampaignScope,
} from '@golden-path/plugin-security-posture-common';
import type { Knex } from 'knex';
import { chunks } from '../database/rows';
import { ID_BATCH } from '../database/tables';
import { normalizeVulnId } from '../parsers/util';
import { GoalFinding } from './evaluateGoal';

const TABLE = 'posture_campaigns';

const literal = (text: string) => text.replace(/[\\%_]/g, c => `\\${c}`);

const iso = (value: unknown): string =>
  value instanceof Date
    ? value.toISOString()
    : new Date(value as string | number).toISOString();

function toCampaign(r: Record<string, any>): Campaign {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    goal: JSON.parse(r.goal) as CampaignGoal,
    scope: JSON.parse(r.scope) as CampaignScope,
    startsAt: iso(r.starts_at),
    deadline: iso(r.deadline),
    ownerRef: r.owner_ref,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    version: Number(r.version),
  };
}

function toRow(c: Campaign) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    goal: JSON.stringify(c.goal),
    scope: JSON.stringify(c.scope),
    starts_at: new Date(c.startsAt),
    deadline: new Date(c.deadline),
    owner_ref: c.ownerRef,
    created_by: c.createdBy,
    created_at: new Date(c.createdAt),
    updated_at: new Date(c.updatedAt),
    version: c.version,
  };
}

/**
 * The campaigns table (`posture_campaigns`) and the open findings a no-finding goal looks at.
 *
 * @internal
 */
export class CampaignStore {
  constructor(private readonly db: Knex) {}

  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** Every campaign, the nearest deadline first. */
  async list(): Promise<Campaign[]> {
    const rows = await this.db(TABLE).orderBy([
      { column: 'deadline', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(toCampaign);
  }

  /** One campaign, locked for update inside `tx` when given. */
  async get(id: string, tx?: Knex.Transaction): Promise<Campaign | undefined> {
    const q = (tx ?? this.db)(TABLE).where({ id });
    const row = await (tx ? q.forUpdate() : q).first();
    return row ? toCampaign(row) : undefined;
  }

  async insert(campaign: Campaign, tx: Knex.Transaction): Promise<void> {
    await tx(TABLE).insert(toRow(campaign));
  }

  /** Replaces a campaign if it is still at `version`; whether it was. */
  async update(
    campaign: Campaign,
    version: number,
    tx: Knex.Transaction,
  ): Promise<boolean> {
    const { id: _id, created_at: _c, created_by: _b, ...row } = toRow(campaign);
    const updated = await tx(TABLE)
      .where({ id: campaign.id, version })
      .update(row);
    return updated === 1;
  }

  /**
   * The open findings of some components on a branch that may match a no-finding goal's filter:
   * the database narrows by rule id or alias and by the package name in the purl; the goal
   * compares exactly.
   */
  async openFindings(
    entityRefs: string[],
    filter: { rule?: string; package?: string },
    branch: string,
  ): Promise<Map<string, GoalFinding[]>> {
    const out = new Map<string, GoalFinding[]>();
    const rule = filter.rule?.trim();
    const pkg = filter.package?.trim();
    const name = pkg
      ?.replace(/^pkg:[^/]+\//, '')
      .replace(/[@?#].*$/, '')
      .split('/')
      .pop();
    for (const refs of chunks(entityRefs, ID_BATCH)) {
      const q = this.db('posture_findings')
        .where({ status: 'open', branch })
        .whereIn('entity_ref', refs);
      if (rule) {
        const ids = [
          ...new Set([rule, rule.toUpperCase(), normalizeVulnId(rule)]),
        ];
        q.where(w => {
          w.whereIn('rule_id', ids);
          for (const id of ids) {
            w.orWhereRaw(`upper(aliases) like ? escape '\\'`, [
              `%${literal(JSON.stringify(id.toUpperCase()))}%`,
            ]);
          }
        });
      }
      if (name) {
        q.whereRaw(`lower(package_purl) like ? escape '\\'`, [
          `%${literal(name.toLowerCase())}%`,
        ]);
      }
      const rows = await q.select(
        'entity_ref',
        'rule_id',
        'aliases',
        'package_purl',
      );
      for (const r of rows) {
        let aliases: string[] = [];
        try {
          aliases = JSON.parse(r.aliases ?? '[]');
        } catch {
          // a row written before aliases were JSON: none
        }
        const list = out.get(r.entity_ref) ?? [];
        list.push({
          ruleId: r.rule_id,
          aliases,
          packagePurl: r.package_purl ?? null,
        });
        out.set(r.entity_ref, list);
      }
    }
    return out;
  }
}
