import { InputError, NotFoundError } from '@backstage/errors';
import {
  History,
  ScorecardGroupBy,
  ScorecardList,
  ScorecardRow,
  SEVERITIES,
  Severity,
} from '@golden-path/plugin-security-posture-common';
import { CatalogFacts, OrgModel } from '../catalog/CatalogFacts';
import { PostureConfig } from '../config';
import { PostureStore } from '../database/PostureStore';
import { emptyCounts, sumCounts } from '../lib/counts';
import { requireRef } from '../lib/refs';
import { dayOf, firstDayOfWindow } from '../lib/time';
import { gradeOf } from '../posture/scoring';
import { rollUpUnits, RollUpUnit } from './units';
import { tierWeight, WeightedMean } from './weightedMean';

/** Days of the trend sparkline of a scorecard row. */
const TREND_DAYS = 14;

/** Which components a caller may read, of the given ones. */
export type VisibleFilter = (refs: string[]) => Promise<Set<string>>;

/**
 * What every row of one scorecard is rolled up from, computed once per request: one slot per
 * component the caller may read, in typed arrays, so that a row is a loop over its components'
 * slots.
 */
interface RollUpContext {
  /** Each readable component's slot. */
  slot: Map<string, number>;
  weight: Float64Array;
  /** The score (NaN: none), whether scanned, overdue count, fixed count, fixed days. */
  score: Float64Array;
  scanned: Uint8Array;
  overdue: Float64Array;
  fixed: Float64Array;
  fixedDays: Float64Array;
  /** Open counts, SEVERITIES.length per slot. */
  open: Float64Array;
  /** Trend scores, TREND_DAYS per slot (NaN: no score that day). */
  trend: Float64Array;
}

/**
 * The trend scores of days before yesterday, for every component: those snapshot rows no longer
 * change (a day's snapshot is written by the postures computed on that day; yesterday's stays
 * open to a transaction that started before midnight), so they are read once per trend window
 * and process. Derived only from rows that are final, so correct on any replica.
 */
interface SettledTrend {
  /** The first day of the window and the first day not settled. */
  key: string;
  scores: Map<string, Float64Array>;
}

/** Days of the trend window read fresh on every request: yesterday and today. */
const UNSETTLED_DAYS = 2;

/**
 * Scorecards (every group, system or domain graded from its components) and daily history of a
 * component or of a group, system or domain; both only over the components the caller may read.
 *
 * @internal
 */
export class ScorecardService {
  /** Units of the whole organisation per groupBy, for callers who may read every component. */
  private readonly wholeOrgUnits = new WeakMap<
    OrgModel,
    Map<ScorecardGroupBy, RollUpUnit[]>
  >();
  private settledTrend?: SettledTrend;

  constructor(
    private readonly options: {
      store: PostureStore;
      catalog: CatalogFacts;
      config: PostureConfig;
      /** 404 unless the plugin or the catalog knows the entity. */
      requireKnown: (rawRef: string) => Promise<string>;
      now?: () => Date;
    },
  ) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  /** Roll-ups by owning group (a group includes its sub-groups' components), system or domain. */
  async scorecards(
    groupBy: ScorecardGroupBy,
    visible: VisibleFilter,
  ): Promise<ScorecardList> {
    const { store, catalog } = this.options;
    const org = await catalog.loadOrg();
    const allowed = await visible(org.components.map(c => c.entityRef));
    const wholeOrg = allowed.size === org.components.length;
    const components = wholeOrg
      ? org.components
      : org.components.filter(c => allowed.has(c.entityRef));

    const since = firstDayOfWindow(this.now(), TREND_DAYS);
    const trendDays = Array.from({ length: TREND_DAYS }, (_, i) =>
      dayOf(
        new Date(
          Date.parse(`${since}T00:00:00Z`) + i * 86_400_000,
        ).toISOString(),
      ),
    );
    const firstUnsettled = trendDays[TREND_DAYS - UNSETTLED_DAYS];
    const [facts, settled, fresh] = await Promise.all([
      store.listScorecardFacts(),
      this.settledTrendOf(org, since, firstUnsettled),
      store.listSnapshotScores(
        components.map(c => c.entityRef),
        firstUnsettled,
      ),
    ]);

    const n = components.length;
    const severities = SEVERITIES.length;
    const context: RollUpContext = {
      slot: new Map(components.map((c, i) => [c.entityRef, i])),
      weight: new Float64Array(n),
      score: new Float64Array(n).fill(NaN),
      scanned: new Uint8Array(n),
      overdue: new Float64Array(n),
      fixed: new Float64Array(n),
      fixedDays: new Float64Array(n),
      open: new Float64Array(n * severities),
      trend: new Float64Array(n * TREND_DAYS).fill(NaN),
    };
    components.forEach((c, i) => {
      context.weight[i] = tierWeight(c.tier);
      const days = settled.scores.get(c.entityRef);
      if (days) context.trend.set(days, i * TREND_DAYS);
    });
    for (const f of facts) {
      const i = context.slot.get(f.entityRef);
      if (i === undefined) continue;
      if (f.score !== null) context.score[i] = f.score;
      if (f.lastScanAt) context.scanned[i] = 1;
      context.overdue[i] = f.overdue;
      if (f.mttrMeanDays !== null) {
        context.fixed[i] = f.mttrFixed;
        context.fixedDays[i] = f.mttrMeanDays * f.mttrFixed;
      }
      SEVERITIES.forEach((severity, s) => {
        context.open[i * severities + s] = f.open[severity] ?? 0;
      });
    }
    const dayIndex = new Map(trendDays.map((d, i) => [d, i]));
    for (const s of fresh) {
      const i = context.slot.get(s.entityRef);
      const d = dayIndex.get(s.day);
      if (i !== undefined && d !== undefined) {
        context.trend[i * TREND_DAYS + d] = s.score;
      }
    }

    const units = wholeOrg
      ? this.unitsOfWholeOrg(groupBy, org)
      : rollUpUnits(groupBy, org, components);
    return { groupBy, items: units.map(unit => this.rollUp(unit, context)) };
  }

  private unitsOfWholeOrg(
    groupBy: ScorecardGroupBy,
    org: OrgModel,
  ): RollUpUnit[] {
    let byGroupBy = this.wholeOrgUnits.get(org);
    if (!byGroupBy) {
      byGroupBy = new Map();
      this.wholeOrgUnits.set(org, byGroupBy);
    }
    let units = byGroupBy.get(groupBy);
    if (!units) {
      units = rollUpUnits(groupBy, org, org.components);
      byGroupBy.set(groupBy, units);
    }
    return units;
  }

  /** The settled days of the window (see {@link SettledTrend}) for every component of the org. */
  private async settledTrendOf(
    org: OrgModel,
    since: string,
    firstUnsettled: string,
  ): Promise<SettledTrend> {
    const key = `${since}..${firstUnsettled}`;
    if (this.settledTrend?.key === key) return this.settledTrend;
    const rows = await this.options.store.listSnapshotScores(
      org.components.map(c => c.entityRef),
      since,
      firstUnsettled,
    );
    const sinceMs = Date.parse(`${since}T00:00:00Z`);
    const scores = new Map<string, Float64Array>();
    for (const r of rows) {
      const d = Math.round(
        (Date.parse(`${r.day}T00:00:00Z`) - sinceMs) / 86_400_000,
      );
      if (!(d >= 0 && d < TREND_DAYS - UNSETTLED_DAYS)) continue;
      let days = scores.get(r.entityRef);
      if (!days) {
        days = new Float64Array(TREND_DAYS).fill(NaN);
        scores.set(r.entityRef, days);
      }
      days[d] = r.score;
    }
    const settled = { key, scores };
    this.settledTrend = settled;
    return settled;
  }

  private rollUp(unit: RollUpUnit, context: RollUpContext): ScorecardRow {
    const { slot, weight, score: scores, trend: trendScores } = context;
    const severities = SEVERITIES.length;
    const openTotals = new Float64Array(severities);
    let overdue = 0;
    let scanned = 0;
    let total = 0;
    let weights = 0;
    let fixed = 0;
    let fixedDays = 0;
    let members = 0;
    // one weighted sum per trend day, in one pass over the unit's components
    const dayTotals = new Float64Array(TREND_DAYS);
    const dayWeights = new Float64Array(TREND_DAYS);
    for (const ref of unit.componentRefs) {
      const i = slot.get(ref);
      if (i === undefined) continue;
      members += 1;
      const w = weight[i];
      const base = i * TREND_DAYS;
      for (let d = 0; d < TREND_DAYS; d++) {
        const s = trendScores[base + d];
        if (!Number.isNaN(s)) {
          dayTotals[d] += s * w;
          dayWeights[d] += w;
        }
      }
      const score = scores[i];
      if (!Number.isNaN(score)) {
        total += score * w;
        weights += w;
      }
      for (let s = 0; s < severities; s++) {
        openTotals[s] += context.open[i * severities + s];
      }
      overdue += context.overdue[i];
      scanned += context.scanned[i];
      fixed += context.fixed[i];
      fixedDays += context.fixedDays[i];
    }
    const score = weights > 0 ? Math.round(total / weights) : null;
    const open = emptyCounts();
    SEVERITIES.forEach((severity, s) => {
      open[severity] = openTotals[s];
    });
    const trend = Array.from(dayTotals, (t, d) =>
      dayWeights[d] > 0 ? Math.round(t / dayWeights[d]) : null,
    );
    return {
      ...unit,
      score,
      grade:
        score === null
          ? null
          : gradeOf(score, this.options.config.scoring.grades),
      open,
      overdue,
      meanTimeToRemediateDays:
        fixed > 0 ? Math.round((fixedDays / fixed) * 10) / 10 : null,
      coverage: { scanned, total: members },
      trend,
    };
  }

  /** Daily series of a component, or of a group, system or domain (tier-weighted mean). */
  async history(
    rawRef: string,
    days: number,
    visible: VisibleFilter,
  ): Promise<History> {
    const entityRef = requireRef(rawRef);
    let members: string[];
    let tiers = new Map<string, number | null>();
    if (entityRef.startsWith('component:')) {
      await this.options.requireKnown(entityRef);
      members = [entityRef];
    } else {
      const kind = entityRef.split(':')[0];
      const groupBy = (
        { group: 'owner', system: 'system', domain: 'domain' } as const
      )[kind as 'group' | 'system' | 'domain'];
      if (!groupBy) {
        throw new InputError(
          `history is kept for components, groups, systems and domains, not '${kind}'`,
        );
      }
      const org = await this.options.catalog.loadOrg();
      const unit = rollUpUnits(groupBy, org, org.components).find(
        u => u.entityRef === entityRef,
      );
      if (!unit) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
      tiers = new Map(org.components.map(c => [c.entityRef, c.tier]));
      members = unit.componentRefs;
    }
    const allowed = await visible(members);
    members = members.filter(m => allowed.has(m));
    const since = firstDayOfWindow(this.now(), days);
    const snapshots = await this.options.store.listSnapshots(members, since);
    const byDay = new Map<
      string,
      { mean: WeightedMean; open: Record<Severity, number> }
    >();
    for (const s of snapshots) {
      const entry = byDay.get(s.day) ?? {
        mean: new WeightedMean(),
        open: emptyCounts(),
      };
      entry.open = sumCounts(entry.open, s.open);
      entry.mean.add(s.score, tierWeight(tiers.get(s.entityRef)));
      byDay.set(s.day, entry);
    }
    return {
      entityRef,
      points: [...byDay]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([d, e]) => ({ day: d, score: e.mean.value(), open: e.open })),
    };
  }
}
