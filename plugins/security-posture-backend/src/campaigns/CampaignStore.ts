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
/**
 * Up to how many campaigns a component's evaluation writes in one statement on PostgreSQL (five
 * bindings a status row, within the driver's 65,535).
 */
const ONE_STATEMENT_CAMPAIGNS = 2000;
/**
 * The digest of every stored campaign row (PostgreSQL): a list of campaigns read earlier is
 * still the stored one while it is unchanged.
 */
const DIGEST = `select md5(coalesce(string_agg(c2::text, ',' order by c2.id), '')) from ${TABLE} as c2`;

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

/** The later of two times (ISO), the second possibly absent. */
const later = (a: string, b: string | null | undefined) => (b && b > a ? b : a);

/**
 * A status row as read: its component was last evaluated at the later of the row's own time
 * (when it last changed, or was evaluated after an ingest) and its campaign's last full
 * evaluation (`posture_campaigns.evaluated_at`, which did not rewrite unchanged rows).
 */
function toStatus(
  r: Record<string, any>,
  campaignEvaluatedAt?: string | null,
): CampaignStatusRow {
  return {
    campaignId: r.campaign_id,
    entityRef: r.entity_ref,
    compliant: asBoolean(r.compliant),
    reason: r.reason ?? null,
    evaluatedAt: later(iso(r.evaluated_at), campaignEvaluatedAt),
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

  /** Whether the database is PostgreSQL (where a round trip costs more than on SQLite). */
  isPostgres(): boolean {
    return this.db.client.config.client === 'pg';
  }

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

  /**
   * Every campaign (as {@link CampaignStore.list}) and whether a component met each one's goal as
   * stored (its status rows), in one statement inside `tx`: what an evaluation after an ingest
   * starts from, the component's row lock held by the ingest's transaction.
   */
  async listWithStatusOf(
    entityRef: string,
    tx: Knex.Transaction,
  ): Promise<{ campaigns: Campaign[]; own: Map<string, boolean> }> {
    const rows = await tx(`${TABLE} as c`)
      .leftJoin(`${STATUS} as s`, join =>
        join
          .on('s.campaign_id', '=', 'c.id')
          .andOn('s.entity_ref', '=', tx.raw('?', [entityRef])),
      )
      .orderBy([
        { column: 'c.deadline', order: 'asc' },
        { column: 'c.id', order: 'asc' },
      ])
      .select('c.*', 's.entity_ref as own_ref', 's.compliant as own_compliant');
    const own = new Map<string, boolean>();
    for (const r of rows) {
      if (r.own_ref !== null) own.set(r.id, asBoolean(r.own_compliant));
    }
    return { campaigns: rows.map(toCampaign), own };
  }

  /**
   * Every campaign (as {@link CampaignStore.list}) with the digest of the stored campaigns'
   * rows ({@link CampaignStore.readsOfComponent} answers it too), in one statement inside `tx`
   * (PostgreSQL).
   */
  async listWithDigest(
    tx: Knex.Transaction,
  ): Promise<{ campaigns: Campaign[]; digest: string }> {
    const rows = await tx(`${TABLE} as c`)
      .orderBy([
        { column: 'c.deadline', order: 'asc' },
        { column: 'c.id', order: 'asc' },
      ])
      .select('c.*', tx.raw(`(${DIGEST}) as campaigns_digest`));
    return {
      campaigns: rows.map(toCampaign),
      digest:
        rows[0]?.campaigns_digest ??
        (await tx.raw(`select (${DIGEST}) as d`)).rows[0].d,
    };
  }

  /**
   * What an evaluation after an ingest reads of one component, in one statement inside `tx`
   * (PostgreSQL): the digest of the stored campaigns (whether a list read earlier is still
   * theirs), the component's status rows (whether it met each campaign's goal, read under the
   * row lock the ingest holds) and its open findings on `branch` that may match each filter, as
   * {@link CampaignStore.openFindingsOf} reads them.
   */
  async readsOfComponent(
    entityRef: string,
    filters: { rule?: string; package?: string }[],
    branch: string,
    tx: Knex.Transaction,
  ): Promise<{
    digest: string;
    own: Map<string, boolean>;
    findings: Map<string, GoalFinding[]>[];
  }> {
    const findings =
      filters.length > 0
        ? tx.raw('(select json_agg(f) from (?) as f)', [
            this.openFindingsQuery([entityRef], filters, branch, tx),
          ])
        : tx.raw('null');
    const result = await tx.raw(
      `select (${DIGEST}) as digest,
         (select json_agg(json_build_array(s.campaign_id, s.compliant))
            from ${STATUS} as s where s.entity_ref = ?) as own,
         ? as findings`,
      [entityRef, findings],
    );
    const row = result.rows[0];
    const own = new Map<string, boolean>(
      ((row.own ?? []) as [string, boolean][]).map(([id, compliant]) => [
        id,
        asBoolean(compliant),
      ]),
    );
    const out = filters.map(() => new Map<string, GoalFinding[]>());
    collectFindings(row.findings ?? [], out);
    return { digest: row.digest, own, findings: out };
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
   * of components no longer in scope go) and sets `day`'s counts from them, inside `tx`. Only what
   * changed is written: the rows of components gone deleted, new and changed rows upserted, and
   * (rows evaluated at one time, as an evaluation stores them) that time stored once as the
   * campaign's `evaluated_at`, the evaluation time of every row not written later.
   */
  async replaceStatus(
    campaignId: string,
    rows: Omit<CampaignStatusRow, 'campaignId'>[],
    day: string,
    tx: Knex.Transaction,
  ): Promise<CampaignCounts> {
    const at = rows[0]?.evaluatedAt;
    const oneTime = rows.every(r => r.evaluatedAt === at);
    const stored = new Map<
      string,
      { compliant: boolean; reason: string | null }
    >();
    if (oneTime) {
      for (const r of await tx(STATUS)
        .where({ campaign_id: campaignId })
        .select('entity_ref', 'compliant', 'reason')) {
        stored.set(r.entity_ref, {
          compliant: asBoolean(r.compliant),
          reason: r.reason ?? null,
        });
      }
      const now = new Set(rows.map(r => r.entityRef));
      const gone = [...stored.keys()].filter(ref => !now.has(ref));
      for (const refs of chunks(gone, ID_BATCH)) {
        await tx(STATUS)
          .where({ campaign_id: campaignId })
          .whereIn('entity_ref', refs)
          .delete();
      }
    } else {
      await tx(STATUS).where({ campaign_id: campaignId }).delete();
    }
    const changed = rows.filter(r => {
      const was = stored.get(r.entityRef);
      return !was || was.compliant !== r.compliant || was.reason !== r.reason;
    });
    for (const batch of chunks(changed, 150)) {
      await tx(STATUS)
        .insert(
          batch.map(r => ({
            campaign_id: campaignId,
            entity_ref: r.entityRef,
            compliant: r.compliant,
            reason: r.reason,
            evaluated_at: new Date(r.evaluatedAt),
          })),
        )
        .onConflict(['campaign_id', 'entity_ref'])
        .merge(['compliant', 'reason', 'evaluated_at']);
    }
    // every row evaluated at `at`: the campaign's row says so, not each of its status rows
    // (a row read takes the later of its own time and this); rows given with their own times
    // have them written, and the campaign's time cleared
    if (at !== undefined) {
      await tx(TABLE)
        .where({ id: campaignId })
        .update({ evaluated_at: oneTime ? new Date(at) : null });
    }
    const compliant = rows.filter(r => r.compliant).length;
    const counts = { compliant, failing: rows.length - compliant };
    await this.upsertDay(campaignId, day, counts, tx);
    return counts;
  }

  /**
   * One component's evaluation against some campaigns (upserted), its rows of other campaigns
   * removed (no longer in their scope), and `day`'s counts of every campaign it touched set from
   * the status rows, inside `tx`. The component's stored rows are read first (under its
   * `posture_components` row lock on PostgreSQL, so that evaluations of one component apply one
   * after the other): a day row that exists moves by what this component changed (locked, in
   * campaign order), one that does not is counted from the status rows. `known` gives those rows
   * (by campaign, whether compliant) when the caller read them in `tx` under that lock already.
   */
  async updateComponent(
    entityRef: string,
    rows: Omit<CampaignStatusRow, 'entityRef'>[],
    day: string,
    tx: Knex.Transaction,
    known?: Map<string, boolean>,
  ): Promise<void> {
    const pg = this.isPostgres();
    const ids = rows.map(r => r.campaignId);
    // on PostgreSQL the component's row locked and its status rows read in one statement
    let own: Record<string, any>[] = [];
    if (!known && pg) {
      own = (
        await tx.raw(
          `select s.campaign_id, s.compliant from posture_components c
             left join ${STATUS} s on s.entity_ref = c.entity_ref
             where c.entity_ref = ? for update of c`,
          [entityRef],
        )
      ).rows.filter((r: Record<string, any>) => r.campaign_id !== null);
    } else if (!known) {
      own = await tx(STATUS)
        .where({ entity_ref: entityRef })
        .select('campaign_id', 'compliant');
    }
    const before =
      known ??
      new Map<string, boolean>(
        own.map(r => [r.campaign_id as string, asBoolean(r.compliant)]),
      );
    const gone = [...before.keys()].filter(id => !ids.includes(id));
    // what this component changed in each campaign's counts
    const delta = new Map<string, CampaignCounts>();
    const move = (id: string, compliant: boolean, by: number) => {
      const d = delta.get(id) ?? { compliant: 0, failing: 0 };
      if (compliant) d.compliant += by;
      else d.failing += by;
      delta.set(id, d);
    };
    for (const r of rows) {
      const was = before.get(r.campaignId);
      if (was !== undefined) move(r.campaignId, was, -1);
      move(r.campaignId, r.compliant, 1);
    }
    for (const id of gone) move(id, before.get(id)!, -1);
    const touched = [...new Set([...ids, ...gone])].sort();
    if (touched.length === 0) return;
    // the day rows that exist: on PostgreSQL moved in the statement that writes the status rows,
    // else read (their new counts written below)
    const days: Map<string, CampaignCounts | 'moved'> =
      pg && touched.length <= ONE_STATEMENT_CAMPAIGNS
        ? await this.writeComponentPg(
            entityRef,
            rows,
            gone,
            touched,
            delta,
            day,
            tx,
          )
        : await this.writeComponent(entityRef, rows, gone, touched, day, tx);
    const missing = touched.filter(id => !days.has(id));
    const counts = missing.length > 0 ? await this.counts(missing, tx) : null;
    // the day rows that move (read, not moved yet) or are new, in one statement
    const write: ({ campaign_id: string; day: string } & CampaignCounts)[] = [];
    for (const id of touched) {
      const stored = days.get(id);
      if (stored === 'moved') continue;
      if (stored) {
        const d = delta.get(id)!;
        if (d.compliant === 0 && d.failing === 0) continue;
        write.push({
          campaign_id: id,
          day,
          compliant: stored.compliant + d.compliant,
          failing: stored.failing + d.failing,
        });
        continue;
      }
      // a campaign deleted meanwhile has no status rows left: no day row for it
      if (!counts!.has(id) && !ids.includes(id)) continue;
      write.push({
        campaign_id: id,
        day,
        ...(counts!.get(id) ?? { compliant: 0, failing: 0 }),
      });
    }
    for (const batch of chunks(write, 150)) {
      await tx(DAYS)
        .insert(batch)
        .onConflict(['campaign_id', 'day'])
        .merge(['compliant', 'failing']);
    }
  }

  /**
   * {@link CampaignStore.updateComponent}'s writes on PostgreSQL in one statement: the component's
   * status rows of campaigns gone deleted, its rows upserted, `day`'s rows of the touched
   * campaigns locked in campaign order (concurrent uploads of other components lock them in the
   * same order, so they cannot deadlock) and moved by this component's change. Each row is locked
   * (in order) before it is moved; a concurrent upload's committed change is moved from, as
   * read-committed updates do. Answers the campaigns whose day row existed (and is moved).
   */
  private async writeComponentPg(
    entityRef: string,
    rows: Omit<CampaignStatusRow, 'entityRef'>[],
    gone: string[],
    touched: string[],
    delta: Map<string, CampaignCounts>,
    day: string,
    tx: Knex.Transaction,
  ): Promise<Map<string, 'moved'>> {
    const marks = (n: number, mark: string) =>
      Array.from({ length: n }, () => mark).join(', ');
    const ctes: string[] = [];
    const bindings: Knex.RawBinding[] = [];
    if (gone.length > 0) {
      ctes.push(
        `gone as (delete from ${STATUS} where entity_ref = ? and campaign_id in (${marks(
          gone.length,
          '?',
        )}))`,
      );
      bindings.push(entityRef, ...gone);
    }
    if (rows.length > 0) {
      ctes.push(
        `up as (insert into ${STATUS} (campaign_id, entity_ref, compliant, reason, evaluated_at)
           values ${marks(rows.length, '(?, ?, ?, ?, ?)')}
           on conflict (campaign_id, entity_ref) do update set compliant = excluded.compliant,
             reason = excluded.reason, evaluated_at = excluded.evaluated_at)`,
      );
      for (const r of rows) {
        bindings.push(
          r.campaignId,
          entityRef,
          r.compliant,
          r.reason,
          new Date(r.evaluatedAt),
        );
      }
    }
    ctes.push(
      `locked as (select campaign_id from ${DAYS} where day = ? and campaign_id in (${marks(
        touched.length,
        '?',
      )}) order by campaign_id for update)`,
    );
    bindings.push(day, ...touched);
    const moving = touched.filter(
      id => delta.get(id)!.compliant !== 0 || delta.get(id)!.failing !== 0,
    );
    if (moving.length > 0) {
      ctes.push(
        `moved as (update ${DAYS} as d set compliant = d.compliant + v.compliant,
           failing = d.failing + v.failing
           from locked as l join (values ${marks(
             moving.length,
             '(?::text, ?::integer, ?::integer)',
           )}) as v (campaign_id, compliant, failing) on v.campaign_id = l.campaign_id
           where d.day = ? and d.campaign_id = l.campaign_id)`,
      );
      for (const id of moving) {
        const d = delta.get(id)!;
        bindings.push(id, d.compliant, d.failing);
      }
      bindings.push(day);
    }
    const result = await tx.raw(
      `with ${ctes.join(', ')} select campaign_id from locked`,
      bindings,
    );
    return new Map(
      result.rows.map((r: { campaign_id: string }) => [
        r.campaign_id,
        'moved' as const,
      ]),
    );
  }

  /**
   * {@link CampaignStore.updateComponent}'s writes one statement after another (SQLite, or many
   * campaigns): the status rows deleted and upserted, then `day`'s rows of the touched campaigns
   * read (locked in campaign order on PostgreSQL). Answers those rows' counts.
   */
  private async writeComponent(
    entityRef: string,
    rows: Omit<CampaignStatusRow, 'entityRef'>[],
    gone: string[],
    touched: string[],
    day: string,
    tx: Knex.Transaction,
  ): Promise<Map<string, CampaignCounts>> {
    const pg = this.isPostgres();
    if (gone.length > 0) {
      await tx(STATUS)
        .where({ entity_ref: entityRef })
        .whereIn('campaign_id', gone)
        .delete();
    }
    for (const batch of chunks(rows, 150)) {
      await tx(STATUS)
        .insert(
          batch.map(r => ({
            campaign_id: r.campaignId,
            entity_ref: entityRef,
            compliant: r.compliant,
            reason: r.reason,
            evaluated_at: new Date(r.evaluatedAt),
          })),
        )
        .onConflict(['campaign_id', 'entity_ref'])
        .merge(['compliant', 'reason', 'evaluated_at']);
    }
    const days = new Map<string, CampaignCounts>();
    for (const batch of chunks(touched, ID_BATCH)) {
      const q = tx(DAYS)
        .where({ day })
        .whereIn('campaign_id', batch)
        .orderBy('campaign_id')
        .select('campaign_id', 'compliant', 'failing');
      for (const r of await (pg ? q.forUpdate() : q)) {
        days.set(r.campaign_id, {
          compliant: Number(r.compliant),
          failing: Number(r.failing),
        });
      }
    }
    return days;
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
      const stamps = new Map<string, string>();
      for (const r of await db(TABLE)
        .whereIn('id', ids)
        .whereNotNull('evaluated_at')
        .select('id', 'evaluated_at')) {
        stamps.set(r.id, iso(r.evaluated_at));
      }
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
        const at = later(iso(r.at), stamps.get(r.campaign_id));
        if (at > entry.evaluatedAt) entry.evaluatedAt = at;
        out.set(r.campaign_id, entry);
      }
    }
    return out;
  }

  /** A campaign's stored status rows. */
  async statusOf(campaignId: string): Promise<CampaignStatusRow[]> {
    const campaign = await this.db(TABLE)
      .where({ id: campaignId })
      .first('evaluated_at');
    const stamp = campaign?.evaluated_at ? iso(campaign.evaluated_at) : null;
    const rows = await this.db(STATUS).where({ campaign_id: campaignId });
    return rows.map(r => toStatus(r, stamp));
  }

  /** A component's stored status rows, one per campaign that evaluated it. */
  async statusOfComponent(entityRef: string): Promise<CampaignStatusRow[]> {
    const rows = await this.db(`${STATUS} as s`)
      .leftJoin(`${TABLE} as c`, 'c.id', 's.campaign_id')
      .where('s.entity_ref', entityRef)
      .select('s.*', 'c.evaluated_at as campaign_evaluated_at');
    return rows.map(r =>
      toStatus(
        r,
        r.campaign_evaluated_at ? iso(r.campaign_evaluated_at) : null,
      ),
    );
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
   * The open findings of some components on a branch that may match each no-finding goal's
   * filter, in the filters' order: the database narrows by rule id or alias and by the package
   * name in the purl, and the goal compares exactly. One statement per batch of components reads
   * the findings any filter may match, each row marked with the filters whose narrowing holds.
   * Read inside `tx` when given.
   */
  async openFindingsOf(
    entityRefs: string[],
    filters: { rule?: string; package?: string }[],
    branch: string,
    tx?: Knex,
  ): Promise<Map<string, GoalFinding[]>[]> {
    const out = filters.map(() => new Map<string, GoalFinding[]>());
    if (filters.length === 0) return out;
    for (const refs of chunks(entityRefs, ID_BATCH - 200)) {
      collectFindings(
        await this.openFindingsQuery(refs, filters, branch, tx ?? this.db),
        out,
      );
    }
    return out;
  }

  /**
   * The open findings of some components on a branch that one of the filters' narrowing holds
   * for, each row marked (`m0`, `m1`, …) with the filters it holds for: a query to run or to
   * nest.
   */
  private openFindingsQuery(
    entityRefs: string[],
    filters: { rule?: string; package?: string }[],
    branch: string,
    db: Knex,
  ): Knex.QueryBuilder {
    const narrowings = filters.map(narrowingOf);
    // a filter that narrows nothing reads every open finding
    const all = narrowings.some(n => n === undefined);
    const marks = narrowings.map((n, k) =>
      n
        ? db.raw(`(case when ${n.sql} then 1 else 0 end) as ??`, [
            ...n.bindings,
            `m${k}`,
          ])
        : db.raw('1 as ??', [`m${k}`]),
    );
    const q = db('posture_findings')
      .where({ status: 'open', branch })
      .whereIn('entity_ref', entityRefs);
    if (!all) {
      q.where(w => {
        for (const n of narrowings) w.orWhereRaw(n!.sql, n!.bindings);
      });
    }
    return q.select(
      'entity_ref',
      'rule_id',
      'aliases',
      'package_purl',
      ...marks,
    );
  }
}

/** Found rows ({@link CampaignStore.openFindingsOf}'s query) into each filter's findings by component. */
function collectFindings(
  rows: Record<string, any>[],
  out: Map<string, GoalFinding[]>[],
): void {
  for (const r of rows) {
    let aliases: string[] = [];
    try {
      aliases = JSON.parse(r.aliases ?? '[]');
    } catch {
      // a row written before aliases were JSON: none
    }
    out.forEach((byRef, k) => {
      if (Number(r[`m${k}`]) !== 1) return;
      const list = byRef.get(r.entity_ref) ?? [];
      list.push({
        ruleId: r.rule_id,
        aliases,
        packagePurl: r.package_purl ?? null,
      });
      byRef.set(r.entity_ref, list);
    });
  }
}

/**
 * What the database narrows a no-finding filter to, as SQL with its bindings: the rule id (as
 * given, upper case, normalised) or one of them among the aliases, and/or the package name in the
 * purl; undefined when the filter names neither.
 */
function narrowingOf(filter: {
  rule?: string;
  package?: string;
}): { sql: string; bindings: string[] } | undefined {
  const rule = filter.rule?.trim();
  const pkg = filter.package?.trim();
  const name = pkg
    ?.replace(/^pkg:[^/]+\//, '')
    .replace(/[@?#].*$/, '')
    .split('/')
    .pop();
  const parts: string[] = [];
  const bindings: string[] = [];
  if (rule) {
    const ids = [...new Set([rule, rule.toUpperCase(), normalizeVulnId(rule)])];
    parts.push(
      `(rule_id in (${ids.map(() => '?').join(', ')})${ids
        .map(() => ` or upper(aliases) like ? escape '\\'`)
        .join('')})`,
    );
    bindings.push(
      ...ids,
      ...ids.map(id => `%${literal(JSON.stringify(id.toUpperCase()))}%`),
    );
  }
  if (name) {
    parts.push(`lower(package_purl) like ? escape '\\'`);
    bindings.push(`%${literal(name.toLowerCase())}%`);
  }
  return parts.length > 0
    ? { sql: `(${parts.join(' and ')})`, bindings }
    : undefined;
}
