import { InputError, NotFoundError } from '@backstage/errors';
import {
  History,
  ScorecardGroupBy,
  ScorecardList,
  ScorecardRow,
  Severity,
} from '@golden-path/plugin-security-posture-common';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { PostureConfig } from '../config';
import { ComponentRow, PostureStore } from '../database/PostureStore';
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
  rows: Map<string, ComponentRow>;
  weight: (entityRef: string) => number;
  /** The days of the trend sparkline, oldest first. */
  trendDays: string[];
  /** Snapshot scores by component, then by day. */
  scoreByDay: Map<string, Map<string, number>>;
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
    const rows = new Map(
      (await store.listComponents()).map(r => [r.entityRef, r]),
    );
    const since = firstDayOfWindow(this.now(), TREND_DAYS);
    const snapshots = await store.listSnapshotScores(
      components.map(c => c.entityRef),
      since,
    );
    const tiers = new Map(components.map(c => [c.entityRef, c.tier]));
    const context: RollUpContext = {
      rows,
      weight: ref => tierWeight(tiers.get(ref)),
      trendDays: Array.from({ length: TREND_DAYS }, (_, i) =>
        dayOf(
          new Date(
            Date.parse(`${since}T00:00:00Z`) + i * 86_400_000,
          ).toISOString(),
        ),
      ),
      scoreByDay: new Map(),
    };
    for (const s of snapshots) {
      const byDay = context.scoreByDay.get(s.entityRef) ?? new Map();
      byDay.set(s.day, s.score);
      context.scoreByDay.set(s.entityRef, byDay);
    }
    const units = rollUpUnits(groupBy, org, components);
    return { groupBy, items: units.map(unit => this.rollUp(unit, context)) };
  }

  private rollUp(
    unit: RollUpUnit,
    { rows, weight, trendDays, scoreByDay }: RollUpContext,
  ): ScorecardRow {
    let open = emptyCounts();
    let overdue = 0;
    let scanned = 0;
    const mean = new WeightedMean();
    let fixed = 0;
    let fixedDays = 0;
    for (const ref of unit.componentRefs) {
      const row = rows.get(ref);
      if (!row?.posture) continue;
      open = sumCounts(open, row.posture.open);
      overdue += row.posture.overdue;
      if (row.lastScanAt) scanned += 1;
      mean.add(row.score, weight(ref));
      if (row.posture.mttr.meanDays !== null) {
        fixed += row.posture.mttr.fixed;
        fixedDays += row.posture.mttr.meanDays * row.posture.mttr.fixed;
      }
    }
    const score = mean.value();
    const trend = trendDays.map(d => {
      const dayMean = new WeightedMean();
      for (const ref of unit.componentRefs) {
        dayMean.add(scoreByDay.get(ref)?.get(d), weight(ref));
      }
      return dayMean.value();
    });
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
