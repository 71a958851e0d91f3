import { Severity } from '@golden-path/plugin-security-posture-common';
import { ExploitSignal } from './ExploitIntel';

/** What a component exposes: the exposure part of a finding's priority. @internal */
export interface Exposure {
  tier: number | null;
  lifecycle: string | null;
  /** APIs the component provides in the catalog. */
  providedApis: number;
}

const SEVERITY_POINTS: Record<Severity, number> = {
  critical: 40,
  high: 30,
  medium: 20,
  low: 10,
  info: 0,
};

const TIER_POINTS: Record<number, number> = { 1: 10, 2: 5 };

/** Priority labels by minimum score, highest first. */
const PRIORITY_LABELS = [
  { label: 'P1', min: 70 },
  { label: 'P2', min: 50 },
  { label: 'P3', min: 30 },
  { label: 'P4', min: 0 },
] as const;

/** P1-P4. @internal */
export type PriorityLabel = (typeof PRIORITY_LABELS)[number]['label'];

/** The label of a priority score. @internal */
export function priorityLabel(score: number): PriorityLabel {
  return PRIORITY_LABELS.find(p => score >= p.min)!.label;
}

/** The exposure part of a priority: tier 1: 10, tier 2: 5; production lifecycle 5; provides an API 5. @internal */
export function exposurePoints(exposure: Exposure): number {
  const tierPoints = TIER_POINTS[exposure.tier ?? 0] ?? 0;
  const production = exposure.lifecycle === 'production' ? 5 : 0;
  const api = exposure.providedApis > 0 ? 5 : 0;
  return tierPoints + production + api;
}

/**
 * A finding's priority, 0-100 (docs/prioritisation.md): severity (0-40) + exploitation (KEV 30,
 * else EPSS x 30) + exposure (tier 1: 10, tier 2: 5; production lifecycle 5; provides an API 5),
 * capped at 100. A finding the scanner or a VEX statement marks as not affecting the component
 * (suppressed) has priority 0: reachability says it cannot be exploited here.
 *
 * @internal
 */
export function priorityScore(input: {
  severity: Severity;
  suppressed: boolean;
  signal: ExploitSignal;
  exposure: Exposure;
}): number {
  if (input.suppressed) return 0;
  const { signal, exposure } = input;
  const exploitation = signal.kev ? 30 : Math.round((signal.epss ?? 0) * 30);
  return Math.min(
    100,
    SEVERITY_POINTS[input.severity] + exploitation + exposurePoints(exposure),
  );
}
