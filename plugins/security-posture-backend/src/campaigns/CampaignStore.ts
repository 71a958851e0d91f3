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
const STATUS = 'posture_campaign_status';
const DAYS = 'posture_campaign_days';
const NOTICES = 'posture_campaign_notices';

/** One component's stored evaluation against a campaign's goal. @internal */
export interface CampaignStatusRow {
  campaignId: string;
  entityRef: string;
  compliant: boolean;
  reason: string | null;
  evaluatedAt: string;
}

/** A campaign's stored counts: now (its status rows), or of one day. @internal */
export interface CampaignCounts {
  compliant: number;
  failing: number;
}

const asBoolean = (value: unknown) =>
  value === true || value === 1 || value === '1' || value === 't';

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

function toStatus(r: Record<string, any>): CampaignStatusRow {
  return {
    campaignId: r.campaign_id,
    entityRef: r.entity_ref,
    compliant: asBoolean(r.compliant),
    reason: r.reason ?? null,
    evaluatedAt: iso(r.evaluated_at),
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

  /** Deletes a campaign and its status, days and notices, inside `tx`; whether it existed. */
  async delete(id: string, tx: Knex.Transaction): Promise<boolean> {
    await tx(STATUS).where({ campaign_id: id }).delete();
    await tx(DAYS).where({ campaign_id: id }).delete();
    await tx(NOTICES).where({ campaign_id: id }).delete();
    return (await tx(TABLE).where({ id }).delete()) > 0;
  }

  /**
   * Replaces a campaign's stored status with `rows` (the components in its scope now: the rows
   * of components no longer in scope go) and sets `day`'s counts from them, inside `tx`.
   */
  async replaceStatus(
    campaignId: string,
    rows: Omit<CampaignStatusRow, 'campaignId'>[],
    day: string,
    tx: Knex.Transaction,
  ): Promise<CampaignCounts> {
    await tx(STATUS).where({ campaign_id: campaignId }).delete();
    for (const batch of chunks(rows, 150)) {
      await tx(STATUS).insert(
        batch.map(r => ({
          campaign_id: campaignId,
          entity_ref: r.entityRef,
          compliant: r.compliant,
          reason: r.reason,
          evaluated_at: new Date(r.evaluatedAt),
        })),
      );
    }
    const compliant = rows.filter(r => r.compliant).length;
    const counts = { compliant, failing: rows.length - compliant };
    await this.upsertDay(campaignId, day, counts, tx);
    return counts;
  }

  /**
   * One component's evaluation against some campaigns (upserted), its rows of other campaigns
   * removed (no longer in their scope), and `day`'s counts of every campaign it touched set from
   * the status rows, inside `tx`.
   */
  async updateComponent(
    entityRef: string,
    rows: Omit<CampaignStatusRow, 'entityRef'>[],
    day: string,
    tx: Knex.Transaction,
  ): Promise<void> {
    const ids = rows.map(r => r.campaignId);
    const gone: string[] = (
      await tx(STATUS)
        .where({ entity_ref: entityRef })
        .whereNotIn('campaign_id', ids.length > 0 ? ids : [''])
        .select('campaign_id')
    ).map(r => r.campaign_id);
    if (gone.length > 0) {
      await tx(STATUS)
        .where({ entity_ref: entityRef })
        .whereIn('campaign_id', gone)
        .delete();
    }
    for (const r of rows) {
      await tx(STATUS)
        .insert({
          campaign_id: r.campaignId,
          entity_ref: entityRef,
          compliant: r.compliant,
          reason: r.reason,
          evaluated_at: new Date(r.evaluatedAt),
        })
        .onConflict(['campaign_id', 'entity_ref'])
        .merge(['compliant', 'reason', 'evaluated_at']);
    }
    const touched = [...ids, ...gone];
    const counts = await this.counts(touched, tx);
    for (const id of touched) {
      // a campaign deleted meanwhile has no status rows left: no day row for it
      if (!counts.has(id) && !ids.includes(id)) continue;
      await this.upsertDay(
        id,
        day,
        counts.get(id) ?? { compliant: 0, failing: 0 },
        tx,
      );
    }
  }

  private async upsertDay(
    campaignId: string,
    day: string,
    counts: CampaignCounts,
    tx: Knex.Transaction,
  ): Promise<void> {
    await tx(DAYS)
      .insert({
        campaign_id: campaignId,
        day,
        compliant: counts.compliant,
        failing: counts.failing,
      })
      .onConflict(['campaign_id', 'day'])
      .merge(['compliant', 'failing']);
  }

  /** The stored counts of some campaigns (those never evaluated left out). */
  async counts(
    campaignIds: string[],
    db: Knex = this.db,
  ): Promise<Map<string, CampaignCounts & { evaluatedAt: string }>> {
    const out = new Map<string, CampaignCounts & { evaluatedAt: string }>();
    for (const ids of chunks([...new Set(campaignIds)], ID_BATCH)) {
      const rows = await db(STATUS)
        .whereIn('campaign_id', ids)
        .groupBy('campaign_id', 'compliant')
        .select('campaign_id', 'compliant')
        .count({ n: '*' })
        .max({ at: 'evaluated_at' });
      for (const r of rows as Record<string, any>[]) {
        const entry = out.get(r.campaign_id) ?? {
          compliant: 0,
          failing: 0,
          evaluatedAt: '',
        };
        if (asBoolean(r.compliant)) entry.compliant += Number(r.n);
        else entry.failing += Number(r.n);
        const at = iso(r.at);
        if (at > entry.evaluatedAt) entry.evaluatedAt = at;
        out.set(r.campaign_id, entry);
      }
    }
    return out;
  }

  /** A campaign's stored status rows. */
  async statusOf(campaignId: string): Promise<CampaignStatusRow[]> {
    const rows = await this.db(STATUS).where({ campaign_id: campaignId });
    return rows.map(toStatus);
  }

  /** A component's stored status rows, one per campaign that evaluated it. */
  async statusOfComponent(entityRef: string): Promise<CampaignStatusRow[]> {
    const rows = await this.db(STATUS).where({ entity_ref: entityRef });
    return rows.map(toStatus);
  }

  /** A campaign's daily series, oldest first. */
  async days(
    campaignId: string,
  ): Promise<(CampaignCounts & { day: string })[]> {
    const rows = await this.db(DAYS)
      .where({ campaign_id: campaignId })
      .orderBy('day', 'asc');
    return rows.map(r => ({
      day: r.day,
      compliant: Number(r.compliant),
      failing: Number(r.failing),
    }));
  }

  /**
   * Records that `event` of a campaign is sent to a group, unless a replica recorded it already:
   * whether this call's insert won (then, and only then, the caller sends it).
   */
  async claimNotice(
    campaignId: string,
    groupRef: string,
    event: string,
    now: Date,
  ): Promise<boolean> {
    const inserted = await this.db(NOTICES)
      .insert({
        campaign_id: campaignId,
        group_ref: groupRef,
        event,
        sent_at: now,
      })
      .onConflict(['campaign_id', 'group_ref', 'event'])
      .ignore()
      .returning('campaign_id');
    return inserted.length > 0;
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
