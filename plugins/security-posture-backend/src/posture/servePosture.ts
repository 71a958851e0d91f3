import {
  FindingKind,
  Posture,
} from '@golden-path/plugin-security-posture-common';
import { PostureConfig } from '../config';
import {
  ComponentFacts,
  ComponentRow,
  StoredPolicyEvaluation,
} from '../database/PostureStore';
import { emptyCounts } from '../lib/counts';

/** The scanner kinds a component must be scanned by: its enrollment's, else its tier's. @internal */
export function requiredScanners(
  component: ComponentRow | undefined,
  config: PostureConfig,
): FindingKind[] {
  if (component?.expectedScanners?.length) {
    return component.expectedScanners as FindingKind[];
  }
  const tier = (component?.tier ?? 3) as 1 | 2 | 3;
  return config.requiredScanners[tier] ?? [];
}

/** The required kinds no scan covers. @internal */
export function missingScanners(
  component: ComponentRow | undefined,
  coverage: { kinds: string[] }[],
  config: PostureConfig,
): FindingKind[] {
  const covered = new Set(coverage.flatMap(c => c.kinds));
  return requiredScanners(component, config).filter(k => !covered.has(k));
}

/** A stored policy evaluation as served (the digest is the store's business). @internal */
export function withoutDigest(
  evaluation: StoredPolicyEvaluation,
): NonNullable<Posture['policy']> {
  const { digest: _digest, ...served } = evaluation;
  return served;
}

/** SLA days by severity as served (0 = no SLA). */
function servedSlaDays(config: PostureConfig): Posture['slaDays'] {
  const days = config.slaDays;
  return {
    critical: days.critical ?? 0,
    high: days.high ?? 0,
    medium: days.medium ?? 0,
    low: days.low ?? 0,
    info: days.info ?? 0,
  };
}

/** The posture of a component the plugin has no stored posture for. @internal */
export function emptyPosture(
  facts: ComponentFacts,
  state: Posture['state'],
  config: PostureConfig,
): Posture {
  const required = config.requiredScanners[(facts.tier ?? 3) as 1 | 2 | 3];
  return {
    entityRef: facts.entityRef,
    state,
    score: null,
    grade: null,
    scoreBreakdown: [],
    tier: facts.tier,
    lifecycle: facts.lifecycle,
    owner: facts.ownerRef,
    system: facts.systemRef,
    domain: facts.domainRef,
    open: emptyCounts(),
    suppressed: 0,
    overdue: 0,
    slaDays: servedSlaDays(config),
    lastScanAt: null,
    coverage: required.map(kind => ({
      kind,
      required: true,
      lastScanAt: null,
      tools: [],
    })),
    missingScanners: [...required],
    checks: [],
    template: null,
    topFindings: [],
    overdueBySeverity: emptyCounts(),
    knownExploited: 0,
    acceptedRisks: 0,
    mttrDays: null,
  };
}

/** The posture as served, from a component's stored posture. @internal */
export function servePosture(
  entityRef: string,
  component: ComponentRow,
  config: PostureConfig,
): Posture {
  const posture = component.posture!;
  const coverageByKind = new Map<
    FindingKind,
    { last: string; tools: Set<string> }
  >();
  for (const c of posture.coverage) {
    for (const kind of c.kinds as FindingKind[]) {
      const entry = coverageByKind.get(kind) ?? {
        last: '',
        tools: new Set(),
      };
      entry.tools.add(c.tool);
      if (c.lastScanAt > entry.last) entry.last = c.lastScanAt;
      coverageByKind.set(kind, entry);
    }
  }
  const required = requiredScanners(component, config);
  const kinds = new Set<FindingKind>([...required, ...coverageByKind.keys()]);
  return {
    entityRef,
    state: posture.coverage.length > 0 ? 'scanned' : 'awaiting-first-scan',
    score: component.score,
    grade: (component.grade as Posture['grade']) ?? null,
    scoreBreakdown: posture.breakdown,
    tier: component.tier,
    lifecycle: component.lifecycle,
    owner: component.ownerRef,
    system: component.systemRef,
    domain: component.domainRef,
    open: posture.open,
    suppressed: posture.suppressed,
    overdue: posture.overdue,
    slaDays: servedSlaDays(config),
    lastScanAt: component.lastScanAt,
    coverage: [...kinds].sort().map(kind => ({
      kind,
      required: required.includes(kind),
      lastScanAt: coverageByKind.get(kind)?.last ?? null,
      tools: [...(coverageByKind.get(kind)?.tools ?? [])].sort(),
    })),
    missingScanners: missingScanners(component, posture.coverage, config),
    checks: posture.checks,
    template: component.templateRef
      ? {
          ref: component.templateRef,
          version: component.templateVersion ?? '',
          ...posture.templateStatus,
        }
      : null,
    topFindings: component.topFindings ?? [],
    overdueBySeverity: posture.overdueBySeverity,
    knownExploited: posture.knownExploited ?? 0,
    acceptedRisks: posture.acceptedRisks ?? 0,
    mttrDays: posture.mttr.meanDays,
    ...(posture.policy ? { policy: withoutDigest(posture.policy) } : {}),
  };
}

/**
 * {@link servePosture} as JSON text, with the top findings spliced in as the stored JSON text
 * (`JSON.stringify` of the served posture gives the same text when the stored text came from
 * `JSON.stringify`, as `savePosture` writes it): a read parses and serialises only the small part.
 *
 * @internal
 */
export function servePostureJson(
  entityRef: string,
  component: ComponentRow,
  topFindingsJson: string,
  config: PostureConfig,
): string {
  // the served keys in their order: those before topFindings, then those after it
  const {
    topFindings: _topFindings,
    overdueBySeverity,
    knownExploited,
    acceptedRisks,
    mttrDays,
    policy,
    ...before
  } = servePosture(entityRef, { ...component, topFindings: [] }, config);
  const after = {
    overdueBySeverity,
    knownExploited,
    acceptedRisks,
    mttrDays,
    ...(policy ? { policy } : {}),
  };
  const head = JSON.stringify(before);
  const tail = JSON.stringify(after);
  return `${head.slice(0, -1)},"topFindings":${topFindingsJson},${tail.slice(
    1,
  )}`;
}
