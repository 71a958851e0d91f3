import { InputError, NotFoundError } from '@backstage/errors';
import {
  History,
  ScorecardGroupBy,
  ScorecardList,
  ScorecardRow,
  SEVERITIES,
  Severity,
} from '@golden-path/plugin-security-posture-common';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { PostureConfig } from '../config';
import { PostureStore, ScorecardFacts } from '../database/PostureStore';
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

/** What every row of one scorecard is rolled up from, computed once per request. */
interface RollUpContext {
  facts: Map<string, ScorecardFacts>;
  weights: Map<string, number>;
  /** The days of the trend sparkline, oldest first. */
  trendDays: string[];
  /** Snapshot scores by component, one slot per trend day (NaN: no score that day). */
  trendScores: Map<string, Float64Array>;
}

/**
 * Scorecards (every group, system or domain graded from its components) and daily history of a
 * component or of a group, system or domain; both only over the components the caller may read.
 *
 * @internal
 */
export class ScorecardService {
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
    const components = org.components.filter(c => allowed.has(c.entityRef));
    const facts = new Map(
      (await store.listScorecardFacts()).map(f => [f.entityRef, f]),
    );
    const since = firstDayOfWindow(this.now(), TREND_DAYS);
    const snapshots = await store.listSnapshotScores(
      components.map(c => c.entityRef),
      since,
    );
    const trendDays = Array.from({ length: TREND_DAYS }, (_, i) =>
      dayOf(
        new Date(
          Date.parse(`${since}T00:00:00Z`) + i * 86_400_000,
        ).toISOString(),
      ),
    );
    const dayIndex = new Map(trendDays.map((d, i) => [d, i]));
    const trendScores = new Map<string, Float64Array>();
    for (const s of snapshots) {
      const i = dayIndex.get(s.day);
      if (i === undefined) continue;
      let scores = trendScores.get(s.entityRef);
      if (!scores) {
        scores = new Float64Array(TREND_DAYS).fill(NaN);
        trendScores.set(s.entityRef, scores);
      }
      scores[i] = s.score;
    }
    const context: RollUpContext = {
      facts,
      weights: new Map(components.map(c => [c.entityRef, tierWeight(c.tier)])),
      trendDays,
      trendScores,
    };
    const units = rollUpUnits(groupBy, org, components);
    return { groupBy, items: units.map(unit => this.rollUp(unit, context)) };
  }

  private rollUp(
    unit: RollUpUnit,
    { facts, weights, trendDays, trendScores }: RollUpContext,
  ): ScorecardRow {
    const open = emptyCounts();
    let overdue = 0;
    let scanned = 0;
    const mean = new WeightedMean();
    let fixed = 0;
    let fixedDays = 0;
    // one weighted sum per trend day, in one pass over the unit's components
    const dayTotals = new Float64Array(trendDays.length);
    const dayWeights = new Float64Array(trendDays.length);
    for (const ref of unit.componentRefs) {
      const weight = weights.get(ref) ?? tierWeight(null);
      const scores = trendScores.get(ref);
      if (scores) {
        for (let i = 0; i < scores.length; i++) {
          if (!Number.isNaN(scores[i])) {
            dayTotals[i] += scores[i] * weight;
            dayWeights[i] += weight;
          }
        }
      }
      const f = facts.get(ref);
      if (!f) continue;
      for (const severity of SEVERITIES)
        open[severity] += f.open[severity] ?? 0;
      overdue += f.overdue;
      if (f.lastScanAt) scanned += 1;
      mean.add(f.score, weight);
      if (f.mttrMeanDays !== null) {
        fixed += f.mttrFixed;
        fixedDays += f.mttrMeanDays * f.mttrFixed;
      }
    }
    const score = mean.value();
    const trend = trendDays.map((_, i) =>
      dayWeights[i] > 0 ? Math.round(dayTotals[i] / dayWeights[i]) : null,
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
      coverage: { scanned, total: unit.componentRefs.length },
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
