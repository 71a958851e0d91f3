import { Finding, Severity } from '@golden-path/plugin-security-posture-common';
import { FindingRank, StoredFinding } from '../database/PostureStore';
import { ExploitIntel } from './ExploitIntel';
import { Exposure, priorityLabel, priorityScore } from './priority';

/**
 * The stored ranking of a finding: its exploitation signals and its priority on this component.
 * The one place ingest and re-ranking compute it.
 *
 * @internal
 */
export function rankFinding(
  intel: ExploitIntel,
  finding: {
    severity: Severity;
    suppressed: boolean;
    aliases: readonly string[];
  },
  exposure: Exposure,
): FindingRank {
  const signal = intel.lookup(finding.aliases);
  return {
    kev: signal.kev,
    epss: signal.epss,
    priority_score: priorityScore({
      severity: finding.severity,
      suppressed: finding.suppressed,
      signal,
      exposure,
    }),
  };
}

/** Whether two rankings differ in anything stored. @internal */
export function rankChanged(a: FindingRank, b: FindingRank): boolean {
  return (
    a.kev !== b.kev ||
    a.epss !== b.epss ||
    a.priority_score !== b.priority_score
  );
}

/** A stored finding as served: its priority score with its label. @internal */
export function withPriority<T extends StoredFinding>(
  stored: T,
): Omit<T, 'priorityScore'> & Pick<Finding, 'priority'> {
  const { priorityScore: score, ...rest } = stored;
  return { ...rest, priority: { score, label: priorityLabel(score) } };
}
