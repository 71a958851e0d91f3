/**
 * The ten checks of the comparison, each written three ways: a CEL rule of a posture policy (our
 * side), a json-rules-engine Tech Insights check (their side), and plain TypeScript over the
 * generated facts (the oracle both pass counts are checked against).
 */
import type { TechInsightJsonRuleCheck } from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { ComponentFactSet, scannerKinds, techInsightsFacts } from './facts';

/** The Tech Insights fact retriever every check reads. */
export const FACT_RETRIEVER_ID = 'golden-path-posture';
/** A json-rules-engine operator the bench registers: an ISO date at or after another. */
export const ON_OR_AFTER = 'onOrAfter';

interface Condition {
  fact: string;
  operator: string;
  value: number | string;
}

export interface BenchCheck {
  id: string;
  title: string;
  /** A boolean CEL expression over `posture` (as served). */
  cel: string;
  /** The Tech Insights condition(s), all of which must hold. */
  conditions: Condition[];
  oracle: (c: ComponentFactSet) => boolean;
}

const lowestScorecard = (c: ComponentFactSet) =>
  techInsightsFacts(c).scorecardScore;

/** The checks; `cutoff` (ISO) is the oldest last scan that counts as within 7 days. */
export function benchChecks(cutoff: string): BenchCheck[] {
  const cond = (fact: string, operator: string, value: number | string) => ({
    fact,
    operator,
    value,
  });
  return [
    {
      id: 'no-open-critical',
      title: 'No open critical finding',
      cel: 'posture.open.critical == 0',
      conditions: [cond('openCritical', 'equal', 0)],
      oracle: c => c.open.critical === 0,
    },
    {
      id: 'open-high-at-most-3',
      title: 'At most 3 open high findings',
      cel: 'posture.open.high <= 3',
      conditions: [cond('openHigh', 'lessThanInclusive', 3)],
      oracle: c => c.open.high <= 3,
    },
    {
      id: 'no-overdue',
      title: 'No finding past its SLA',
      cel: 'posture.overdue == 0',
      conditions: [cond('overdue', 'equal', 0)],
      oracle: c => Object.values(c.overdueBySeverity).every(n => n === 0),
    },
    {
      id: 'secret-scanner',
      title: 'A secret scanner has reported',
      cel: 'posture.coverage.exists(c, c.kind == "secret" && size(c.tools) > 0)',
      conditions: [cond('scanners', 'contains', 'secret')],
      oracle: c => scannerKinds(c).includes('secret'),
    },
    {
      id: 'sca-scanner',
      title: 'A dependency (SCA) scanner has reported',
      cel: 'posture.coverage.exists(c, c.kind == "sca" && size(c.tools) > 0)',
      conditions: [cond('scanners', 'contains', 'sca')],
      oracle: c => scannerKinds(c).includes('sca'),
    },
    {
      id: 'scorecard-at-least-7',
      title: 'OpenSSF Scorecard score at least 7 (every applicable check)',
      cel: 'posture.checks.all(c, c.score < 0 || c.score >= 7)',
      conditions: [cond('scorecardScore', 'greaterThanInclusive', 7)],
      oracle: c => lowestScorecard(c) >= 7,
    },
    {
      id: 'template-current',
      title: 'On the latest version of its golden-path template',
      cel: 'posture.template != null && posture.template.behindBy == 0',
      conditions: [cond('templateBehindBy', 'equal', 0)],
      oracle: c => c.template.behindBy === 0,
    },
    {
      id: 'scanned-within-7-days',
      title: 'Last scan within 7 days',
      cel: `posture.lastScanAt != null && timestamp(posture.lastScanAt) >= timestamp("${cutoff}")`,
      conditions: [cond('lastScanAt', ON_OR_AFTER, cutoff)],
      oracle: c =>
        c.lastScanAt !== null && Date.parse(c.lastScanAt) >= Date.parse(cutoff),
    },
    {
      id: 'open-total-at-most-20',
      title: 'At most 20 open findings',
      cel:
        'posture.open.critical + posture.open.high + posture.open.medium + ' +
        'posture.open.low + posture.open.info <= 20',
      conditions: [cond('openTotal', 'lessThanInclusive', 20)],
      oracle: c => Object.values(c.open).reduce((a, b) => a + b, 0) <= 20,
    },
    {
      id: 'no-overdue-high',
      title: 'No high finding past its SLA',
      cel: 'posture.overdueBySeverity.high == 0',
      conditions: [cond('overdueHigh', 'equal', 0)],
      oracle: c => c.overdueBySeverity.high === 0,
    },
  ];
}

/** The checks as one posture policy file (warn mode: reported, not blocking). */
export function policyYaml(checks: BenchCheck[]): string {
  const rules = checks.flatMap(c => [
    `    - id: ${c.id}`,
    `      title: ${JSON.stringify(c.title)}`,
    '      severity: medium',
    '      fix: See the benchmark.',
    `      message: ${JSON.stringify(`${c.id} fails`)}`,
    `      expression: ${JSON.stringify(c.cel)}`,
  ]);
  return [
    'apiVersion: golden-path.dev/v1',
    'kind: Policy',
    'metadata:',
    '  name: tech-insights-bench',
    '  description: The ten checks of the Tech Insights comparison.',
    'spec:',
    '  target: posture',
    '  mode: warn',
    '  rules:',
    ...rules,
    '',
  ].join('\n');
}

/** The checks as Tech Insights json-rules-engine checks. */
export function techInsightsChecks(
  checks: BenchCheck[],
): TechInsightJsonRuleCheck[] {
  return checks.map(c => ({
    id: c.id,
    type: 'json-rules-engine',
    name: c.title,
    description: c.title,
    factIds: [FACT_RETRIEVER_ID],
    rule: { conditions: { all: c.conditions } },
  }));
}
