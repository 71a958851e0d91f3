import { Config } from '@backstage/config';
import { CronTime } from 'cron';
import { ConfigurationError } from './lib/errors';
import {
  FINDING_KINDS,
  FindingKind,
  Severity,
} from '@golden-path/plugin-security-posture-common';
import { DEFAULT_REPORT_LIMITS, ReportLimits } from './parsers/safeJson';
import {
  DEFAULT_COPYLEFT_LICENCES,
  isLicencePattern,
} from './inventory/licences';

/** The plugin's configuration, read once with its defaults. @internal */
export interface PostureConfig {
  limits: ReportLimits;
  /** Admission of a replica's reads (`securityPosture.http`). */
  reads: {
    maxConcurrent: number;
    maxQueued: number;
    maxDelayForWritesMs: number;
  };
  /** Most findings one report may hold (then 413). */
  maxFindings: number;
  /** Most inventory packages one report may list (then 413). */
  maxPackages: number;
  /** Identical gate decisions for a component within this many minutes are recorded (and notified) once. */
  gateRepeatWindowMinutes: number;
  /**
   * Tools whose own suppressions (SARIF `suppressions`, a scanner's VEX `not_affected`) are trusted
   * to stop a finding from counting; other tools' suppressed findings count until an exception is
   * approved.
   */
  trustedSuppressions: string[];
  defaultBranch: string;
  scoring: {
    weights: Record<Severity, number>;
    overdueMultiplier: number;
    missingScannerPenalty: number;
    scorecardWeight: number;
    grades: { A: number; B: number; C: number; D: number };
  };
  slaDays: Record<Severity, number | undefined>;
  /** SLA days by tier, where configured (`sla.tiers.tier1` ...); other tiers use `slaDays`. */
  slaDaysByTier: Partial<
    Record<1 | 2 | 3, Record<Severity, number | undefined>>
  >;
  requiredScanners: Record<1 | 2 | 3, FindingKind[]>;
  snapshotCron: string;
  /** How long the catalog's organisation (groups, systems, domains, components) read for scorecards is reused, in seconds; 0: read it for every request. */
  orgCacheSeconds: number;
  policies: {
    builtin: boolean;
    directories: string[];
    /** SPDX ids or id prefixes ending in `*` that posture policies see as copyleft. */
    copyleftLicenses: string[];
  };
  notificationsEnabled: boolean;
  /** Folders whose `file:` template locations may have their CHANGELOG.md read. */
  templateLocalRoots: string[];
  /** Folders of template versions published before this backend kept them (one folder each). */
  templateArchives: string[];
  upgrades: {
    maxPerRequest: number;
    perMinute: number;
    /** `host` or `host/owner` an upgrade may write to, besides the local repositories. */
    allowedRepositories: string[];
    /** Jobs of upgrade runs one replica runs at once. */
    concurrency: number;
    /** Jobs of one repository host running at once, over every replica. */
    perHost: number;
    /** How long a job's claim holds before another replica may take it over. */
    leaseSeconds: number;
    /** How often an idle replica looks for queued jobs. */
    pollSeconds: number;
  };
  priority: {
    kevUrl?: string;
    epssUrl?: string;
    refreshCron: string;
  };
  /** OSV advisories matched against the inventories (issue #16 item 3). */
  advisories: {
    /** Whether the shipped seed (`data/advisories/osv-seed.json`) is stored. */
    seed: boolean;
    /** OSV exports (zip of records, or a JSON array) downloaded by the refresh task. */
    sources: { url: string }[];
    refreshCron: string;
  };
  /** Campaigns (issue #17): when owning groups are told, and when every campaign is evaluated. */
  campaigns: {
    /** Days before a deadline at which groups with failing components are reminded (descending). */
    milestoneDays: number[];
    /** Cron of the daily evaluation of every active campaign (after the daily snapshot). */
    evaluateCron: string;
  };
}

/** The defaults of every key, documented in config.d.ts and docs/scoring.md. @internal */
export const DEFAULT_POSTURE_CONFIG: PostureConfig = {
  limits: { ...DEFAULT_REPORT_LIMITS },
  reads: { maxConcurrent: 4, maxQueued: 1000, maxDelayForWritesMs: 500 },
  maxFindings: 250_000,
  maxPackages: 250_000,
  gateRepeatWindowMinutes: 60,
  trustedSuppressions: [],
  defaultBranch: 'main',
  scoring: {
    weights: { critical: 25, high: 10, medium: 4, low: 1, info: 0 },
    overdueMultiplier: 2,
    missingScannerPenalty: 10,
    scorecardWeight: 0.2,
    grades: { A: 90, B: 80, C: 70, D: 60 },
  },
  slaDays: { critical: 7, high: 30, medium: 90, low: 180, info: undefined },
  slaDaysByTier: {},
  policies: {
    builtin: true,
    directories: [],
    copyleftLicenses: [...DEFAULT_COPYLEFT_LICENCES],
  },
  notificationsEnabled: true,
  templateLocalRoots: [],
  templateArchives: [],
  upgrades: {
    maxPerRequest: 25,
    perMinute: 60,
    allowedRepositories: [],
    concurrency: 4,
    perHost: 2,
    leaseSeconds: 600,
    pollSeconds: 2,
  },
  priority: { refreshCron: '0 3 * * *' },
  advisories: { seed: true, sources: [], refreshCron: '30 3 * * *' },
  campaigns: { milestoneDays: [14, 7, 1], evaluateCron: '45 0 * * *' },
  requiredScanners: {
    1: ['secret', 'sca', 'sast', 'container'],
    2: ['secret', 'sca', 'sast'],
    3: ['secret', 'sca'],
  },
  snapshotCron: '15 0 * * *',
  orgCacheSeconds: 30,
};

function nonNegative(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(
      `securityPosture.${key} must be a number >= 0`,
    );
  }
  return value;
}

/** `host` or `host/owner[/group...]` entries: a host name, optionally a port, then path segments. */
const ALLOWED_REPOSITORY = /^[a-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9_.-]+)*\/?$/i;

function allowedRepositories(config: Config): string[] {
  const key = 'templates.upgrades.allowedRepositories';
  const values = config.getOptionalStringArray(key) ?? [];
  for (const value of values) {
    if (!ALLOWED_REPOSITORY.test(value)) {
      throw new ConfigurationError(
        `securityPosture.${key} has '${value}', which is not a host or host/organisation (like github.com/acme)`,
      );
    }
  }
  return values;
}

function cronExpression(config: Config, key: string, fallback: string): string {
  const value = config.getOptionalString(key) ?? fallback;
  try {
    // the parser Backstage's scheduler checks its cron schedules with
    // eslint-disable-next-line no-new
    new CronTime(value);
  } catch (error) {
    throw new ConfigurationError(
      `securityPosture.${key} is '${value}', which is not a cron expression (${
        (error as Error).message
      })`,
    );
  }
  return value;
}

/** `campaigns.milestoneDays`: whole days >= 1, each checked; distinct, the furthest first. */
function milestoneDays(config: Config, fallback: number[]): number[] {
  const key = 'campaigns.milestoneDays';
  if (!config.has(key)) return fallback;
  const values = config.get(key);
  if (!Array.isArray(values)) {
    throw new ConfigurationError(
      `securityPosture.${key} must be a list of whole numbers of days >= 1`,
    );
  }
  for (const value of values) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new ConfigurationError(
        `securityPosture.${key} has '${String(
          value,
        )}', which is not a whole number of days >= 1`,
      );
    }
  }
  return [...new Set(values as number[])].sort((a, b) => b - a);
}

/** `policies.copyleftLicenses`: SPDX ids or id prefixes ending in `*`, each checked. */
function copyleftLicences(config: Config, fallback: string[]): string[] {
  const value = config.getOptionalStringArray('policies.copyleftLicenses');
  if (value === undefined) return fallback;
  for (const [i, pattern] of value.entries()) {
    if (!isLicencePattern(pattern.trim())) {
      throw new ConfigurationError(
        `securityPosture.policies.copyleftLicenses[${i}] is '${pattern}', which is neither an SPDX licence id (GPL-3.0-only) nor a prefix of ids ending in * (GPL-*)`,
      );
    }
  }
  return value.map(p => p.trim());
}

function httpUrl(
  config: Config,
  key: string,
  shown: string = key,
): string | undefined {
  const value = config.getOptionalString(key);
  if (value === undefined) return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new ConfigurationError(
      `securityPosture.${shown} is '${value}', which is not an http(s) URL`,
    );
  }
  return value;
}

function advisorySources(config: Config): { url: string }[] {
  const sources = config.getOptionalConfigArray('advisories.sources') ?? [];
  return sources.map((source, i) => {
    const url = httpUrl(source, 'url', `advisories.sources[${i}].url`);
    if (!url) {
      throw new ConfigurationError(
        `securityPosture.advisories.sources[${i}].url is missing; each source is { url: <OSV export, zip or JSON array> }`,
      );
    }
    return { url };
  });
}

function atLeastOne(config: Config, key: string, fallback: number): number {
  const value = nonNegative(config, key, fallback);
  if (value < 1) {
    throw new ConfigurationError(
      `securityPosture.${key} must be a number >= 1`,
    );
  }
  return value;
}

function scannerKinds(
  config: Config,
  key: string,
  fallback: FindingKind[],
): FindingKind[] {
  const values = config.getOptionalStringArray(key);
  if (!values) {
    return fallback;
  }
  for (const value of values) {
    if (!FINDING_KINDS.includes(value as FindingKind)) {
      throw new ConfigurationError(
        `securityPosture.${key} has unknown scanner kind '${value}'; known: ${FINDING_KINDS.join(
          ', ',
        )}`,
      );
    }
  }
  return values as FindingKind[];
}

/** Reads `securityPosture.*` into a typed object with defaults. @internal */
export function readPostureConfig(root: Config): PostureConfig {
  const c = root.getOptionalConfig('securityPosture');
  if (!c) {
    return DEFAULT_POSTURE_CONFIG;
  }
  const d = DEFAULT_POSTURE_CONFIG;
  const weights = { ...d.scoring.weights };
  for (const severity of Object.keys(weights) as Severity[]) {
    weights[severity] = nonNegative(
      c,
      `scoring.weights.${severity}`,
      weights[severity],
    );
  }
  const slaDays = { ...d.slaDays };
  for (const severity of ['critical', 'high', 'medium', 'low'] as const) {
    slaDays[severity] = nonNegative(c, `sla.${severity}`, d.slaDays[severity]!);
  }
  const slaDaysByTier: PostureConfig['slaDaysByTier'] = {};
  for (const tier of [1, 2, 3] as const) {
    if (!c.has(`sla.tiers.tier${tier}`)) continue;
    const days = { ...slaDays };
    for (const severity of ['critical', 'high', 'medium', 'low'] as const) {
      days[severity] = nonNegative(
        c,
        `sla.tiers.tier${tier}.${severity}`,
        slaDays[severity]!,
      );
    }
    slaDaysByTier[tier] = days;
  }
  const grades = { ...d.scoring.grades };
  for (const grade of ['A', 'B', 'C', 'D'] as const) {
    grades[grade] = nonNegative(c, `scoring.grades.${grade}`, grades[grade]);
  }
  if (!(grades.A >= grades.B && grades.B >= grades.C && grades.C >= grades.D)) {
    throw new ConfigurationError(
      'securityPosture.scoring.grades must satisfy A >= B >= C >= D',
    );
  }
  const scorecardWeight = nonNegative(
    c,
    'scoring.scorecardWeight',
    d.scoring.scorecardWeight,
  );
  if (scorecardWeight > 1) {
    throw new ConfigurationError(
      'securityPosture.scoring.scorecardWeight must be <= 1',
    );
  }
  return {
    limits: {
      maxBytes: nonNegative(c, 'ingest.maxBodyBytes', d.limits.maxBytes),
      maxDepth: nonNegative(c, 'ingest.maxDepth', d.limits.maxDepth),
      maxStringLength: nonNegative(
        c,
        'ingest.maxStringLength',
        d.limits.maxStringLength,
      ),
    },
    reads: {
      maxConcurrent: Math.max(
        1,
        nonNegative(c, 'http.maxConcurrentReads', d.reads.maxConcurrent),
      ),
      maxQueued: nonNegative(c, 'http.maxQueuedReads', d.reads.maxQueued),
      maxDelayForWritesMs: nonNegative(
        c,
        'http.maxReadDelayForWritesMs',
        d.reads.maxDelayForWritesMs,
      ),
    },
    maxFindings: Math.max(
      1,
      nonNegative(c, 'ingest.maxFindings', d.maxFindings),
    ),
    maxPackages: Math.max(
      1,
      nonNegative(c, 'ingest.maxPackages', d.maxPackages),
    ),
    trustedSuppressions: (
      c.getOptionalStringArray('ingest.trustSuppressionsOf') ??
      d.trustedSuppressions
    ).map(tool => tool.toLocaleLowerCase('en-US')),
    gateRepeatWindowMinutes: nonNegative(
      c,
      'gate.repeatWindowMinutes',
      d.gateRepeatWindowMinutes,
    ),
    defaultBranch: c.getOptionalString('defaultBranch') ?? d.defaultBranch,
    scoring: {
      weights,
      overdueMultiplier: nonNegative(
        c,
        'scoring.overdueMultiplier',
        d.scoring.overdueMultiplier,
      ),
      missingScannerPenalty: nonNegative(
        c,
        'scoring.missingScannerPenalty',
        d.scoring.missingScannerPenalty,
      ),
      scorecardWeight,
      grades,
    },
    slaDays,
    slaDaysByTier,
    templateLocalRoots:
      c.getOptionalStringArray('templates.localRoots') ?? d.templateLocalRoots,
    templateArchives:
      c.getOptionalStringArray('templates.archives') ?? d.templateArchives,
    upgrades: {
      maxPerRequest: Math.max(
        1,
        nonNegative(
          c,
          'templates.upgrades.maxPerRequest',
          d.upgrades.maxPerRequest,
        ),
      ),
      perMinute: Math.max(
        1,
        nonNegative(c, 'templates.upgrades.perMinute', d.upgrades.perMinute),
      ),
      allowedRepositories: allowedRepositories(c),
      concurrency: atLeastOne(
        c,
        'templates.upgrades.concurrency',
        d.upgrades.concurrency,
      ),
      perHost: atLeastOne(c, 'templates.upgrades.perHost', d.upgrades.perHost),
      leaseSeconds: atLeastOne(
        c,
        'templates.upgrades.leaseSeconds',
        d.upgrades.leaseSeconds,
      ),
      pollSeconds: Math.max(
        0.05,
        nonNegative(
          c,
          'templates.upgrades.pollSeconds',
          d.upgrades.pollSeconds,
        ),
      ),
    },
    notificationsEnabled:
      c.getOptionalBoolean('notifications.enabled') ?? d.notificationsEnabled,
    policies: {
      builtin: c.getOptionalBoolean('policies.builtin') ?? d.policies.builtin,
      directories:
        c.getOptionalStringArray('policies.directories') ??
        d.policies.directories,
      copyleftLicenses: copyleftLicences(c, d.policies.copyleftLicenses),
    },
    priority: {
      kevUrl: httpUrl(c, 'priority.kev.url'),
      epssUrl: httpUrl(c, 'priority.epss.url'),
      refreshCron: cronExpression(
        c,
        'priority.refreshCron',
        d.priority.refreshCron,
      ),
    },
    advisories: {
      seed: c.getOptionalBoolean('advisories.seed') ?? d.advisories.seed,
      sources: advisorySources(c),
      refreshCron: cronExpression(
        c,
        'advisories.refreshCron',
        d.advisories.refreshCron,
      ),
    },
    requiredScanners: {
      1: scannerKinds(c, 'requiredScanners.tier1', d.requiredScanners[1]),
      2: scannerKinds(c, 'requiredScanners.tier2', d.requiredScanners[2]),
      3: scannerKinds(c, 'requiredScanners.tier3', d.requiredScanners[3]),
    },
    snapshotCron: cronExpression(c, 'snapshot.cron', d.snapshotCron),
    campaigns: {
      milestoneDays: milestoneDays(c, d.campaigns.milestoneDays),
      evaluateCron: cronExpression(
        c,
        'campaigns.evaluateCron',
        d.campaigns.evaluateCron,
      ),
    },
    orgCacheSeconds: nonNegative(
      c,
      'scorecards.catalogCacheSeconds',
      d.orgCacheSeconds,
    ),
  };
}
