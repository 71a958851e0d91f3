/** How much a component of each security tier weighs in a roll-up. */
const TIER_WEIGHT: Record<number, number> = { 1: 3, 2: 2, 3: 1 };

/** The roll-up weight of a tier (tier 3 when it has none). @internal */
export function tierWeight(tier: number | null | undefined): number {
  return TIER_WEIGHT[tier ?? 3] ?? 1;
}

/**
 * The tier-weighted mean of component scores, the one way every roll-up (a scorecard row, its
 * trend, a history point) averages: components without a score do not count, and the mean is
 * rounded to a whole score.
 *
 * @internal
 */
export class WeightedMean {
  private total = 0;
  private weights = 0;

  add(score: number | null | undefined, weight: number): void {
    if (score === null || score === undefined) return;
    this.total += score * weight;
    this.weights += weight;
  }

  /** The rounded mean, or null when nothing was added. */
  value(): number | null {
    return this.weights > 0 ? Math.round(this.total / this.weights) : null;
  }
}
