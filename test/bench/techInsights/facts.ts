/**
 * The facts of the Tech Insights comparison: one deterministic (seeded) set of component facts,
 * written to both sides. Our side stores them as each component's posture (the shape
 * PostureRecompute stores); Tech Insights gets them from a FactRetriever as flat fact values.
 */

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
type Severity = (typeof SEVERITIES)[number];
type Counts = Record<Severity, number>;

/** Scanner kinds and the tool that reports each (trivy reports two). */
const SCANNERS: { tool: string; kinds: string[]; share: number }[] = [
  { tool: 'gitleaks', kinds: ['secret'], share: 0.85 },
  { tool: 'trivy', kinds: ['sca', 'container'], share: 0.8 },
  { tool: 'semgrep', kinds: ['sast'], share: 0.7 },
  { tool: 'checkov', kinds: ['iac'], share: 0.4 },
];

const SCORECARD_CHECKS = [
  'Branch-Protection',
  'Code-Review',
  'Pinned-Dependencies',
  'Token-Permissions',
  'Vulnerabilities',
];

export const TEMPLATE_REF = 'template:default/golden-service';
const LATEST_TEMPLATE_VERSION = '1.6.0';

/** Everything both sides know about one component. */
export interface ComponentFactSet {
  name: string;
  entityRef: string;
  tier: 1 | 2 | 3;
  open: Counts;
  overdueBySeverity: Counts;
  /** One entry per tool that reported, as the posture stores coverage. */
  coverage: { tool: string; kinds: string[]; lastScanAt: string }[];
  /** OpenSSF Scorecard checks, 0-10, -1 when not applicable (Scorecard's convention). */
  scorecard: { name: string; score: number }[];
  template: {
    version: string;
    behindBy: number;
    securityReleasesBehind: number;
  };
  /** The newest scan; null for a component no scanner has reported for yet. */
  lastScanAt: string | null;
}

/** mulberry32: a small seeded PRNG, so every run (and both sides) sees the same facts. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The components' facts, deterministic for a seed and `now`. */
export function generateFacts(options: {
  components: number;
  seed: number;
  now: number;
}): ComponentFactSet[] {
  const random = prng(options.seed);
  const int = (max: number) => Math.floor(random() * (max + 1));
  const out: ComponentFactSet[] = [];
  for (let i = 0; i < options.components; i++) {
    const name = `ti-bench-${String(i).padStart(5, '0')}`;
    const open: Counts = {
      critical: random() < 0.7 ? 0 : 1 + int(2),
      high: int(6),
      medium: int(12),
      low: int(10),
      info: int(4),
    };
    const overdueBySeverity: Counts = {
      critical: random() < 0.5 ? 0 : int(open.critical),
      high: random() < 0.6 ? 0 : int(open.high),
      medium: random() < 0.6 ? 0 : int(open.medium),
      low: random() < 0.7 ? 0 : int(open.low),
      info: 0,
    };
    // 3% were never scanned: no coverage, no last scan
    const scanned = random() >= 0.03;
    const coverage = scanned
      ? SCANNERS.filter(s => random() < s.share).map(s => ({
          tool: s.tool,
          kinds: s.kinds,
          // scans over the last 12 days, at whole minutes
          lastScanAt: new Date(
            options.now - int(12 * 24 * 60) * 60_000,
          ).toISOString(),
        }))
      : [];
    const lastScanAt =
      coverage.length > 0
        ? coverage.map(c => c.lastScanAt).sort()[coverage.length - 1]
        : null;
    const scorecard = SCORECARD_CHECKS.map((checkName, k) => ({
      name: checkName,
      // the first check always applies, so every component has a Scorecard score
      score: k > 0 && random() < 0.1 ? -1 : Math.min(10, 5 + int(6)),
    }));
    const behindBy = random() < 0.55 ? 0 : 1 + int(3);
    out.push({
      name,
      entityRef: `component:default/${name}`,
      tier: (1 + int(2)) as 1 | 2 | 3,
      open,
      overdueBySeverity,
      coverage: coverage.length > 0 ? coverage : [],
      scorecard,
      template: {
        version:
          behindBy === 0 ? LATEST_TEMPLATE_VERSION : `1.${6 - behindBy}.0`,
        behindBy,
        securityReleasesBehind: behindBy === 0 ? 0 : int(behindBy),
      },
      lastScanAt,
    });
  }
  return out;
}

const sum = (counts: Counts) => SEVERITIES.reduce((n, s) => n + counts[s], 0);

/** The scanner kinds that have reported for a component. */
export function scannerKinds(c: ComponentFactSet): string[] {
  return [...new Set(c.coverage.flatMap(s => s.kinds))].sort();
}

/**
 * The Tech Insights facts of a component, as its FactRetriever returns them. json-rules-engine
 * conditions compare one fact with one value, so what a CEL policy computes from the posture
 * (the total of open findings, the lowest applicable Scorecard check) the retriever computes.
 */
export function techInsightsFacts(c: ComponentFactSet) {
  const applicable = c.scorecard.filter(s => s.score >= 0).map(s => s.score);
  return {
    openCritical: c.open.critical,
    openHigh: c.open.high,
    openMedium: c.open.medium,
    openLow: c.open.low,
    openInfo: c.open.info,
    openTotal: sum(c.open),
    overdue: sum(c.overdueBySeverity),
    overdueCritical: c.overdueBySeverity.critical,
    overdueHigh: c.overdueBySeverity.high,
    scanners: scannerKinds(c),
    scorecardScore: Math.min(...applicable),
    templateBehindBy: c.template.behindBy,
    lastScanAt: c.lastScanAt,
  };
}

/** The schema of {@link techInsightsFacts}, as the FactRetriever declares it. */
export const TECH_INSIGHTS_SCHEMA = {
  openCritical: { type: 'integer', description: 'Open critical findings' },
  openHigh: { type: 'integer', description: 'Open high findings' },
  openMedium: { type: 'integer', description: 'Open medium findings' },
  openLow: { type: 'integer', description: 'Open low findings' },
  openInfo: { type: 'integer', description: 'Open info findings' },
  openTotal: { type: 'integer', description: 'Open findings, all severities' },
  overdue: { type: 'integer', description: 'Open findings past their SLA' },
  overdueCritical: {
    type: 'integer',
    description: 'Open critical findings past their SLA',
  },
  overdueHigh: {
    type: 'integer',
    description: 'Open high findings past their SLA',
  },
  scanners: { type: 'set', description: 'Scanner kinds that have reported' },
  scorecardScore: {
    type: 'float',
    description: 'Lowest applicable OpenSSF Scorecard check score (0-10)',
  },
  templateBehindBy: {
    type: 'integer',
    description: 'Versions of its golden-path template behind the latest',
  },
  lastScanAt: { type: 'datetime', description: 'Newest scanner report' },
} as const;

/** A component's stored posture (PostureStore's StoredPosture shape), without policy results. */
export function storedPosture(c: ComponentFactSet, computedAt: string) {
  return {
    computedAt,
    // exact for a day: nothing in the bench reads it
    validUntil: new Date(Date.parse(computedAt) + 86_400_000).toISOString(),
    open: c.open,
    overdue: sum(c.overdueBySeverity),
    overdueBySeverity: c.overdueBySeverity,
    suppressed: 0,
    breakdown: [],
    mttr: { fixed: 0, meanDays: null },
    coverage: c.coverage,
    checks: c.scorecard.map(s => ({
      name: s.name,
      score: s.score,
      reason: `${s.name} scored ${s.score}`,
    })),
    knownExploited: 0,
    acceptedRisks: 0,
    templateStatus: {
      latestVersion: LATEST_TEMPLATE_VERSION,
      behindBy: c.template.behindBy,
      securityReleasesBehind: c.template.securityReleasesBehind,
      drifted: false,
    },
  };
}
