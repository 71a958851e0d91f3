import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  Enrollment,
  FINDING_KINDS,
  Finding,
  FindingDetail,
  FindingKind,
  FindingPage,
  FindingsQuery,
  History,
  IngestResult,
  ParsedReport,
  Posture,
  ScorecardGroupBy,
  ScorecardList,
  ScorecardRow,
  SEVERITIES,
  Severity,
} from '@golden-path/plugin-security-posture-common';
import { createHash, randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { PostureConfig } from '../config';
import {
  ComponentFacts,
  ComponentRow,
  DatabasePostureStore,
  FindingRank,
  StoredPosture,
} from '../database/DatabasePostureStore';
import { CatalogFacts, normalizeRef, OrgModel } from './CatalogFacts';
import { computeScore, emptyCounts, gradeOf } from './scoring';
import { ExploitIntel } from '../priority/ExploitIntel';
import { PostureNotifier } from '../notifications/PostureNotifier';
import { ExceptionStore } from '../exceptions/ExceptionStore';
import { priorityScore } from '../priority/priority';
import {
  gateVerdict,
  PolicyEvaluation,
  PosturePolicies,
} from '../policy/PosturePolicies';

/** Scanner kinds a tool covers even when its report has no findings. */
const TOOL_KINDS: Record<string, FindingKind[]> = {
  gitleaks: ['secret'],
  trufflehog: ['secret'],
  'osv-scanner': ['sca'],
  'npm-audit': ['sca'],
  npm: ['sca'],
  'dependency-check': ['sca'],
  grype: ['sca'],
  semgrep: ['sast'],
  codeql: ['sast'],
  snykcode: ['sast'],
  eslint: ['sast'],
  flawfinder: ['sast'],
  bandit: ['sast'],
  gosec: ['sast'],
  kics: ['iac'],
  checkov: ['iac'],
  tfsec: ['iac'],
  scorecard: ['repo'],
};

const TIER_WEIGHT: Record<number, number> = { 1: 3, 2: 2, 3: 1 };
const TOP_FINDINGS = 5;
const TREND_DAYS = 14;

/** What every row of one scorecard is rolled up from, computed once per request. */
interface RollUpContext {
  rows: Map<string, ComponentRow>;
  weight: (entityRef: string) => number;
  /** The days of the trend sparkline, oldest first. */
  trendDays: string[];
  /** Snapshot scores by component, then by day. */
  scoreByDay: Map<string, Map<string, number>>;
}

/** Whether a stored posture (of the current shape) is still exact at `now`. */
function isExact(
  component: ComponentRow,
  now: string,
  policyDigest: string | undefined,
): boolean {
  const validUntil = component.posture?.validUntil;
  return Boolean(
    validUntil &&
      component.topFindings &&
      now < validUntil &&
      component.posture?.policy?.digest === policyDigest,
  );
}

/** Which scanner kinds a scan of `tool` covers. @internal */
export function scanKinds(tool: string, report: ParsedReport): FindingKind[] {
  const kinds = new Set<FindingKind>(TOOL_KINDS[tool] ?? []);
  for (const f of report.findings) {
    if (f.tool === tool) kinds.add(f.kind);
  }
  if (report.format === 'scorecard') kinds.add('repo');
  return [...kinds].sort();
}

function withoutDigest(evaluation: PolicyEvaluation) {
  const { digest: _digest, ...served } = evaluation;
  return served;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function sumCounts(
  a: Record<Severity, number>,
  b: Record<Severity, number>,
): Record<Severity, number> {
  const out = emptyCounts();
  for (const s of SEVERITIES) out[s] = a[s] + b[s];
  return out;
}

/** The parser entry point the service uses (the built-ins plus extension-point parsers). */
export type ReportParseFn = (
  body: Buffer,
  options: { format?: string },
) => ParsedReport;

/**
 * Ingest, posture, roll-ups and history of the security-posture plugin.
 *
 * @internal
 */
export class PostureService {
  constructor(
    private readonly options: {
      store: DatabasePostureStore;
      catalog: CatalogFacts;
      config: PostureConfig;
      parse: ReportParseFn;
      logger: LoggerService;
      now?: () => Date;
      /** Exploitation data for priorities; the shipped offline seed when not given. */
      intel?: ExploitIntel;
      /** Posture policies; none when not given. */
      policies?: PosturePolicies;
      notifier?: PostureNotifier;
      /**
       * How far a template version is behind its template's latest (the templates page's data),
       * and whether the component's managed files drifted.
       */
      templateStatus?: (
        templateRef: string,
        version: string | null,
        entityRef: string,
      ) => Promise<StoredPosture['templateStatus']>;
      /** Exceptions: covered findings are marked accepted and do not count. */
      exceptions?: ExceptionStore;
    },
  ) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private intelCache?: ExploitIntel;

  private intel(): ExploitIntel {
    this.intelCache ??= this.options.intel ?? ExploitIntel.fromFiles();
    return this.intelCache;
  }

  /** SLA days of a component's tier (`sla.tiers`), else the days by severity. */
  private slaDaysFor(tier: number | null) {
    const { config } = this.options;
    return (
      (tier ? config.slaDaysByTier[tier as 1 | 2 | 3] : undefined) ??
      config.slaDays
    );
  }

  /** Parses an uploaded report and applies it to one component in one transaction. */
  async ingest(request: {
    entityRef: string;
    body: Buffer;
    format?: string;
    branch?: string;
    commit?: string;
    complete?: boolean;
    uploadedBy: string;
  }): Promise<IngestResult> {
    const entityRef = this.componentRef(request.entityRef);
    const reportSha256 = createHash('sha256')
      .update(request.body)
      .digest('hex');
    if (request.complete ?? true) {
      const again = await this.reapply({ ...request, entityRef, reportSha256 });
      if (again) {
        return again;
      }
    }
    const report = this.options.parse(request.body, { format: request.format });
    return this.ingestParsed({ ...request, entityRef, report, reportSha256 });
  }

  /**
   * The same complete report as the last one of its tools: nothing but last-seen times can
   * change, so it is applied without parsing and diffing it again (same answer, same semantics).
   */
  private async reapply(request: {
    entityRef: string;
    reportSha256: string;
    format?: string;
    branch?: string;
    commit?: string;
    uploadedBy: string;
  }): Promise<IngestResult | undefined> {
    const { store, config } = this.options;
    const { entityRef } = request;
    const branch = request.branch ?? config.defaultBranch;
    const facts = await this.options.catalog.getComponent(entityRef);
    if (!facts) {
      throw new NotFoundError(`No component ${entityRef} in the catalog`);
    }
    const now = this.now();
    return store.transaction(async tx => {
      const scans = await store.findReusableScans(
        tx,
        entityRef,
        branch,
        request.reportSha256,
      );
      if (
        !scans ||
        (request.format !== undefined &&
          scans.some(scan => scan.format !== request.format))
      ) {
        return undefined;
      }
      await store.upsertComponent(tx, facts, now);
      const totals = {
        new: 0,
        unchanged: 0,
        fixed: 0,
        reopened: 0,
        suppressed: 0,
      };
      // Only last-seen times move: one row per tool records that the findings of the earlier scan
      // were seen again (their last-seen time is derived on read), instead of one write per finding.
      const applied: { scanId: string; tool: string }[] = [];
      for (const scan of scans) {
        const scanId = randomUUID();
        const scope = { entityRef, tool: scan.tool, branch };
        const counts = await store.countSeen(tx, scope);
        await store.insertScan(tx, {
          id: scanId,
          entityRef,
          tool: scan.tool,
          toolVersion: scan.toolVersion,
          kinds: scan.kinds,
          format: scan.format,
          branch,
          commit: request.commit ?? null,
          complete: true,
          uploadedBy: request.uploadedBy,
          counts,
          createdAt: now,
          reportSha256: request.reportSha256,
        });
        await store.markReseen(tx, {
          entityRef,
          baseScanId: scan.baseScanId,
          scanId,
          now,
        });
        applied.push({ scanId, tool: scan.tool });
        totals.unchanged += counts.unchanged;
        totals.suppressed += counts.suppressed;
      }
      const checks = await tx('posture_checks')
        .where({ entity_ref: entityRef })
        .count({ n: '*' });
      const posture = await this.recompute(tx, entityRef, now, now);
      return {
        scanId: applied[0].scanId,
        entityRef,
        format: scans[0].format,
        branch,
        tools: scans.map(scan => scan.tool),
        counts: {
          ...totals,
          checks: scans[0].format === 'scorecard' ? Number(checks[0].n) : 0,
        },
        posture: { score: posture.score, grade: posture.grade },
      };
    });
  }

  private componentRef(raw: string): string {
    const entityRef = normalizeRef(raw);
    if (!entityRef || !entityRef.startsWith('component:')) {
      throw new InputError(
        `entityRef '${raw}' is not a component entity ref (e.g. component:default/payments-api)`,
      );
    }
    return entityRef;
  }

  /**
   * Applies a parsed report (an upload, or a pull-based provider's) to one component in one
   * transaction, with reimport semantics per tool.
   */
  async ingestParsed(request: {
    entityRef: string;
    report: ParsedReport;
    branch?: string;
    commit?: string;
    complete?: boolean;
    uploadedBy: string;
    reportSha256?: string;
  }): Promise<IngestResult> {
    const entityRef = this.componentRef(request.entityRef);
    const { report } = request;
    const branch = request.branch ?? this.options.config.defaultBranch;
    const facts = await this.options.catalog.getComponent(entityRef);
    if (!facts) {
      throw new NotFoundError(`No component ${entityRef} in the catalog`);
    }
    const now = this.now();
    const complete = request.complete ?? true;
    const { store } = this.options;
    let urgent: { critical: number; knownExploited: number } | undefined;

    const result = await store.transaction(async tx => {
      await store.upsertComponent(tx, facts, now);
      const totals = {
        new: 0,
        unchanged: 0,
        fixed: 0,
        reopened: 0,
        suppressed: 0,
        checks: report.checks.length,
      };
      let firstScanId: string | undefined;
      const tools = report.tools.length
        ? report.tools
        : [{ name: report.format }];
      for (const tool of tools) {
        const scanId = randomUUID();
        firstScanId ??= scanId;
        // A run the tool itself reports as failed proves nothing about missing findings.
        const toolComplete = complete && !tool.incomplete;
        const counts = await store.applyFindings(tx, {
          entityRef,
          tool: tool.name,
          branch,
          scanId,
          now,
          complete: toolComplete,
          findings: report.findings.filter(f => f.tool === tool.name),
          slaDays: this.slaDaysFor(facts.tier),
          rank: finding => {
            const signal = this.intel().lookup(finding.aliases);
            return {
              kev: signal.kev,
              epss: signal.epss,
              priority_score: priorityScore({
                severity: finding.severity,
                suppressed: Boolean(finding.suppression),
                signal,
                exposure: {
                  tier: facts.tier,
                  lifecycle: facts.lifecycle,
                  providedApis: facts.providedApis ?? 0,
                },
              }),
            };
          },
        });
        await store.insertScan(tx, {
          id: scanId,
          entityRef,
          tool: tool.name,
          toolVersion: tool.version ?? null,
          kinds: scanKinds(tool.name, report),
          format: report.format,
          branch,
          commit: request.commit ?? report.commit ?? null,
          complete: toolComplete,
          uploadedBy: request.uploadedBy,
          counts,
          createdAt: now,
          reportSha256: request.reportSha256 ?? null,
        });
        if (report.checks.length > 0) {
          await store.replaceChecks(tx, entityRef, scanId, report.checks, now);
        }
        totals.new += counts.new;
        totals.unchanged += counts.unchanged;
        totals.fixed += counts.fixed;
        totals.reopened += counts.reopened;
        totals.suppressed += counts.suppressed;
      }
      const posture = await this.recompute(tx, entityRef, now, now);
      urgent =
        totals.new > 0
          ? await store.countNewUrgent(tx, entityRef, now)
          : undefined;
      return {
        scanId: firstScanId!,
        entityRef,
        format: report.format,
        branch,
        tools: tools.map(t => t.name),
        counts: totals,
        posture: { score: posture.score, grade: posture.grade },
      };
    });
    if (urgent) {
      await this.options.notifier?.newUrgentFindings(
        { entityRef, ownerRef: facts.ownerRef },
        urgent,
      );
    }
    return result;
  }

  /** Recomputes and stores a component's posture and today's snapshot. */
  private async recompute(
    tx: Knex,
    entityRef: string,
    now: string,
    lastScanAt: string | null,
  ) {
    const { store, config } = this.options;
    const component = await store.getComponent(entityRef, tx);
    const facts = await store.computeFacts(
      entityRef,
      config.defaultBranch,
      now,
      tx,
    );
    const missing = this.missingScanners(component, facts.coverage);
    const scanned = facts.coverage.length > 0;
    const result = scanned
      ? computeScore(
          {
            open: facts.open,
            overdue: facts.overdue,
            missingScanners: missing,
            checkScores: facts.checks.map(c => c.score),
          },
          config.scoring,
        )
      : undefined;
    const overdue = SEVERITIES.reduce((n, s) => n + facts.overdue[s], 0);
    const branch = config.defaultBranch;
    const nextDue = await store.nextSlaDue(entityRef, branch, now, tx);
    const midnight = new Date(`${day(now)}T00:00:00.000Z`);
    midnight.setUTCDate(midnight.getUTCDate() + 1);
    const nextMidnight = midnight.toISOString();
    // an approved exception's expiry ends the stored posture's exactness too
    const nextExpiry = await this.options.exceptions?.nextExpiry(
      tx,
      entityRef,
      now,
    );
    const stored: StoredPosture = {
      computedAt: now,
      validUntil: [nextDue, nextExpiry, nextMidnight]
        .filter((t): t is string => Boolean(t))
        .sort()[0],
      open: facts.open,
      overdue,
      overdueBySeverity: facts.overdue,
      suppressed: facts.suppressed,
      breakdown: result?.breakdown ?? [],
      mttr: facts.mttr,
      coverage: facts.coverage,
      checks: facts.checks,
      knownExploited: facts.knownExploited,
      acceptedRisks:
        (await this.options.exceptions?.countAccepted(
          tx,
          entityRef,
          branch,
          now,
        )) ?? 0,
    };
    const top = await store.topFindings(
      entityRef,
      branch,
      now,
      TOP_FINDINGS,
      tx,
    );
    if (component?.templateRef && this.options.templateStatus) {
      stored.templateStatus = await this.options
        .templateStatus(
          component.templateRef,
          component.templateVersion,
          entityRef,
        )
        .catch(() => undefined);
    }
    if (component) {
      // the policies see the posture exactly as it is served
      stored.policy = this.evaluatePolicies(
        this.served(entityRef, {
          ...component,
          score: result?.score ?? null,
          grade: result?.grade ?? null,
          posture: stored,
          topFindings: top,
          lastScanAt,
        }),
        now,
      );
    }
    await store.savePosture(
      tx,
      entityRef,
      result?.score ?? null,
      result?.grade ?? null,
      stored,
      lastScanAt,
      top,
    );
    await store.upsertSnapshot(tx, {
      entityRef,
      day: day(now),
      score: result?.score ?? null,
      grade: result?.grade ?? null,
      open: facts.open,
      overdue,
    });
    return { score: result?.score ?? null, grade: result?.grade ?? null };
  }

  private requiredScanners(component: ComponentRow | undefined): FindingKind[] {
    if (component?.expectedScanners?.length) {
      return component.expectedScanners as FindingKind[];
    }
    const tier = (component?.tier ?? 3) as 1 | 2 | 3;
    return this.options.config.requiredScanners[tier] ?? [];
  }

  private missingScanners(
    component: ComponentRow | undefined,
    coverage: { kinds: string[] }[],
  ): FindingKind[] {
    const covered = new Set(coverage.flatMap(c => c.kinds));
    return this.requiredScanners(component).filter(k => !covered.has(k));
  }

  /** Enrolls a component from the scaffolder: known before its first scan. */
  async enroll(enrollment: Enrollment): Promise<Posture> {
    const entityRef = normalizeRef(enrollment.entityRef);
    if (!entityRef || !entityRef.startsWith('component:')) {
      throw new InputError(
        `entityRef '${enrollment.entityRef}' is not a component entity ref`,
      );
    }
    for (const kind of enrollment.expectedScanners ?? []) {
      if (!FINDING_KINDS.includes(kind as FindingKind)) {
        throw new InputError(
          `expectedScanners has unknown scanner kind '${kind}'`,
        );
      }
    }
    // The catalog may not have processed a just-registered component yet: take what it knows.
    const known = await this.options.catalog.getComponent(entityRef);
    const facts: ComponentFacts = known ?? {
      entityRef,
      tier: enrollment.tier ?? null,
      lifecycle: enrollment.lifecycle ?? null,
      ownerRef: null,
      systemRef: null,
      domainRef: null,
    };
    if (facts.tier === null && enrollment.tier) {
      facts.tier = enrollment.tier;
    }
    const now = this.now();
    await this.options.store.transaction(async tx => {
      const existing = await this.options.store.getComponent(entityRef, tx);
      await this.options.store.upsertComponent(tx, facts, now, {
        expectedScanners: enrollment.expectedScanners,
        templateRef: enrollment.template?.ref,
        templateVersion: enrollment.template?.version,
      });
      await this.recompute(tx, entityRef, now, existing?.lastScanAt ?? null);
    });
    return this.getPosture(entityRef);
  }

  /**
   * The posture of one component (404 when neither the plugin nor the catalog knows it). Answered
   * from the posture stored at the last ingest (one primary-key read) while it is exact, and
   * recomputed once its validity ends (a finding passes its SLA due date, or the day changes).
   */
  async getPosture(rawRef: string): Promise<Posture> {
    const entityRef = normalizeRef(rawRef);
    if (!entityRef) {
      throw new InputError(`'${rawRef}' is not an entity ref`);
    }
    const { store } = this.options;
    const now = this.now();
    let component = await store.getComponent(entityRef);
    if (!component) {
      const facts = await this.options.catalog.getComponent(entityRef);
      if (!facts) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
      const empty = this.emptyPosture(facts, 'not-enrolled');
      const policy = this.evaluatePolicies(empty, now);
      return policy ? { ...empty, policy: withoutDigest(policy) } : empty;
    }
    if (!isExact(component, now, this.options.policies?.digest)) {
      const lastScanAt = component.lastScanAt;
      await store.transaction(tx =>
        this.recompute(tx, entityRef, now, lastScanAt),
      );
      component = (await store.getComponent(entityRef))!;
    }
    return this.served(entityRef, component);
  }

  /** The posture as served, from a component's stored posture. */
  private served(entityRef: string, component: ComponentRow): Posture {
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
    const required = this.requiredScanners(component);
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
      slaDays: this.slaDays(),
      lastScanAt: component.lastScanAt,
      coverage: [...kinds].sort().map(kind => ({
        kind,
        required: required.includes(kind),
        lastScanAt: coverageByKind.get(kind)?.last ?? null,
        tools: [...(coverageByKind.get(kind)?.tools ?? [])].sort(),
      })),
      missingScanners: this.missingScanners(component, posture.coverage),
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

  private evaluatePolicies(
    posture: Posture,
    now: string,
  ): PolicyEvaluation | undefined {
    return this.options.policies?.evaluate(posture, now);
  }

  /**
   * The deployment gate: the component's current posture (findings under an approved exception
   * do not count) against the posture policies. deny on an enforce-mode violation, warn on a
   * warn-mode one, allow otherwise. An entity the catalog does not know is a NotFoundError.
   */
  async gate(rawRef: string): Promise<{
    entityRef: string;
    decision: 'allow' | 'warn' | 'deny';
    reasons: Omit<PolicyEvaluation['violations'][number], never>[];
    grade: Posture['grade'];
    score: number | null;
    evaluatedAt: string;
  }> {
    const entityRef = this.componentRef(rawRef);
    const posture = await this.getPosture(entityRef);
    const evaluation =
      posture.policy ?? this.evaluatePolicies(posture, this.now());
    const violations = evaluation?.violations ?? [];
    const decision = gateVerdict(violations);
    if (decision === 'deny') {
      await this.options.notifier?.gateDenied(
        { entityRef, ownerRef: posture.owner },
        violations.filter(v => v.mode === 'enforce'),
      );
    }
    return {
      entityRef,
      decision,
      // log-mode results are recorded with the posture, not reasons to stop a deployment
      reasons: violations.filter(v => v.mode !== 'log'),
      grade: posture.grade,
      score: posture.score,
      evaluatedAt: evaluation?.evaluatedAt ?? this.now(),
    };
  }

  /** SLA days by severity as served (0 = no SLA). */
  private slaDays(): Posture['slaDays'] {
    const days = this.options.config.slaDays;
    return {
      critical: days.critical ?? 0,
      high: days.high ?? 0,
      medium: days.medium ?? 0,
      low: days.low ?? 0,
      info: days.info ?? 0,
    };
  }

  private emptyPosture(
    facts: ComponentFacts,
    state: Posture['state'],
  ): Posture {
    const { config } = this.options;
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
      slaDays: this.slaDays(),
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

  async listFindings(
    rawRef: string,
    query: FindingsQuery,
  ): Promise<FindingPage> {
    const entityRef = await this.requireKnown(rawRef);
    const page = await this.options.store.listFindings(
      entityRef,
      this.options.config.defaultBranch,
      query,
      this.now(),
    );
    return { ...page, items: await this.withAccepted(entityRef, page.items) };
  }

  /** Marks the findings an approved, unexpired exception covers (`accepted`). */
  private async withAccepted<T extends Finding>(
    entityRef: string,
    findings: T[],
  ): Promise<T[]> {
    const accepted = await this.options.exceptions?.acceptedFor(
      entityRef,
      findings,
      this.now(),
    );
    return findings.map(f =>
      accepted?.has(f.id) ? { ...f, accepted: accepted.get(f.id) } : f,
    );
  }

  /** Recomputes a component's stored posture inside `tx` (after an exception changed state). */
  async recomputeIn(tx: Knex, entityRef: string): Promise<void> {
    const component = await this.options.store.getComponent(entityRef, tx);
    if (component) {
      await this.recompute(tx, entityRef, this.now(), component.lastScanAt);
    }
  }

  async getFinding(rawRef: string, id: string): Promise<FindingDetail> {
    const entityRef = await this.requireKnown(rawRef);
    const finding = await this.options.store.getFinding(
      entityRef,
      id,
      this.now(),
    );
    if (!finding) {
      throw new NotFoundError(`No finding ${id} on ${entityRef}`);
    }
    const [marked] = await this.withAccepted(entityRef, [finding]);
    return marked;
  }

  /** The lower-cased ref of an entity the plugin or the catalog knows; else a 404. */
  async requireKnown(rawRef: string): Promise<string> {
    const entityRef = normalizeRef(rawRef);
    if (!entityRef) {
      throw new InputError(`'${rawRef}' is not an entity ref`);
    }
    if (!(await this.options.store.getComponent(entityRef))) {
      if (!(await this.options.catalog.getComponent(entityRef))) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
    }
    return entityRef;
  }

  /**
   * Roll-ups by owning group (a group includes its sub-groups' components), system or domain.
   * `visible` filters the components the caller may read.
   */
  async scorecards(
    groupBy: ScorecardGroupBy,
    visible: (refs: string[]) => Promise<Set<string>>,
  ): Promise<ScorecardList> {
    const org = await this.options.catalog.loadOrg();
    const allowed = await visible(org.components.map(c => c.entityRef));
    const components = org.components.filter(c => allowed.has(c.entityRef));
    const rows = new Map(
      (await this.options.store.listComponents()).map(r => [r.entityRef, r]),
    );
    const since = day(
      new Date(
        Date.parse(this.now()) - (TREND_DAYS - 1) * 86_400_000,
      ).toISOString(),
    );
    const snapshots = await this.options.store.listSnapshots(
      components.map(c => c.entityRef),
      since,
    );
    const tiers = new Map(components.map(c => [c.entityRef, c.tier]));
    const context: RollUpContext = {
      rows,
      weight: ref => TIER_WEIGHT[tiers.get(ref) ?? 3] ?? 1,
      trendDays: Array.from({ length: TREND_DAYS }, (_, i) =>
        day(
          new Date(
            Date.parse(`${since}T00:00:00Z`) + i * 86_400_000,
          ).toISOString(),
        ),
      ),
      scoreByDay: new Map(),
    };
    for (const s of snapshots) {
      if (s.score === null) continue;
      const byDay = context.scoreByDay.get(s.entityRef) ?? new Map();
      byDay.set(s.day, s.score);
      context.scoreByDay.set(s.entityRef, byDay);
    }
    const units = this.units(groupBy, org, components);
    return { groupBy, items: units.map(unit => this.rollUp(unit, context)) };
  }

  private units(
    groupBy: ScorecardGroupBy,
    org: OrgModel,
    components: OrgModel['components'],
  ) {
    const byOwner = new Map<string, string[]>();
    const bySystem = new Map<string, string[]>();
    const byDomain = new Map<string, string[]>();
    for (const c of components) {
      const push = (m: Map<string, string[]>, k: string | null) => {
        if (k) m.set(k, [...(m.get(k) ?? []), c.entityRef]);
      };
      push(byOwner, c.ownerRef);
      push(bySystem, c.systemRef);
      push(byDomain, c.domainRef);
    }
    if (groupBy === 'owner') {
      const subtree = (ref: string, seen = new Set<string>()): string[] => {
        if (seen.has(ref)) return [];
        seen.add(ref);
        const own = byOwner.get(ref) ?? [];
        const children = org.groups.get(ref)?.childRefs ?? [];
        return [...own, ...children.flatMap(child => subtree(child, seen))];
      };
      return [...org.groups].map(([ref, g]) => ({
        entityRef: ref,
        title: g.title,
        parentRef: g.parentRef,
        childRefs: [...g.childRefs].sort(),
        componentRefs: [...new Set(subtree(ref))].sort(),
      }));
    }
    if (groupBy === 'system') {
      return [...org.systems].map(([ref, s]) => ({
        entityRef: ref,
        title: s.title,
        parentRef: s.domainRef,
        childRefs: [],
        componentRefs: (bySystem.get(ref) ?? []).sort(),
      }));
    }
    return [...org.domains].map(([ref, d]) => ({
      entityRef: ref,
      title: d.title,
      parentRef: null,
      childRefs: [...org.systems]
        .filter(([, s]) => s.domainRef === ref)
        .map(([r]) => r)
        .sort(),
      componentRefs: (byDomain.get(ref) ?? []).sort(),
    }));
  }

  private rollUp(
    unit: {
      entityRef: string;
      title: string;
      parentRef: string | null;
      childRefs: string[];
      componentRefs: string[];
    },
    { rows, weight, trendDays, scoreByDay }: RollUpContext,
  ): ScorecardRow {
    let open = emptyCounts();
    let overdue = 0;
    let scanned = 0;
    let weighted = 0;
    let weights = 0;
    let fixed = 0;
    let fixedDays = 0;
    for (const ref of unit.componentRefs) {
      const row = rows.get(ref);
      if (!row?.posture) continue;
      open = sumCounts(open, row.posture.open);
      overdue += row.posture.overdue;
      if (row.lastScanAt) scanned += 1;
      if (row.score !== null) {
        weighted += row.score * weight(ref);
        weights += weight(ref);
      }
      if (row.posture.mttr.meanDays !== null) {
        fixed += row.posture.mttr.fixed;
        fixedDays += row.posture.mttr.meanDays * row.posture.mttr.fixed;
      }
    }
    const score = weights > 0 ? Math.round(weighted / weights) : null;
    const trend = trendDays.map(d => {
      let w = 0;
      let total = 0;
      for (const ref of unit.componentRefs) {
        const dayScore = scoreByDay.get(ref)?.get(d);
        if (dayScore !== undefined) {
          total += dayScore * weight(ref);
          w += weight(ref);
        }
      }
      return w > 0 ? Math.round(total / w) : null;
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
    visible: (refs: string[]) => Promise<Set<string>>,
  ): Promise<History> {
    const entityRef = normalizeRef(rawRef);
    if (!entityRef) {
      throw new InputError(`'${rawRef}' is not an entity ref`);
    }
    let members: string[];
    let tiers = new Map<string, number | null>();
    if (entityRef.startsWith('component:')) {
      await this.requireKnown(entityRef);
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
      const unit = this.units(groupBy, org, org.components).find(
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
    const since = day(
      new Date(Date.parse(this.now()) - (days - 1) * 86_400_000).toISOString(),
    );
    const snapshots = await this.options.store.listSnapshots(members, since);
    const byDay = new Map<
      string,
      { w: number; total: number; open: Record<Severity, number> }
    >();
    for (const s of snapshots) {
      const entry = byDay.get(s.day) ?? { w: 0, total: 0, open: emptyCounts() };
      entry.open = sumCounts(entry.open, s.open);
      if (s.score !== null) {
        const w = TIER_WEIGHT[tiers.get(s.entityRef) ?? 3] ?? 1;
        entry.total += s.score * w;
        entry.w += w;
      }
      byDay.set(s.day, entry);
    }
    return {
      entityRef,
      points: [...byDay]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([d, e]) => ({
          day: d,
          score: e.w > 0 ? Math.round(e.total / e.w) : null,
          open: e.open,
        })),
    };
  }

  /** The daily task: refresh each component's posture (SLA clocks) and today's snapshot. */
  /**
   * Re-ranks every component's open findings with the current exploitation data (after a KEV or
   * EPSS refresh) and recomputes the postures whose ranks changed. Returns how many findings changed.
   */
  async rerankAll(): Promise<number> {
    const { store } = this.options;
    const now = this.now();
    let changed = 0;
    for (const c of await store.listComponents()) {
      const facts = await this.options.catalog.getComponent(c.entityRef);
      const exposure = {
        tier: facts?.tier ?? c.tier,
        lifecycle: facts?.lifecycle ?? c.lifecycle,
        providedApis: facts?.providedApis ?? 0,
      };
      const updates: { id: string; rank: FindingRank }[] = [];
      for (const f of await store.listRankInputs(c.entityRef)) {
        const signal = this.intel().lookup(f.aliases);
        const rank = {
          kev: signal.kev,
          epss: signal.epss,
          priority_score: priorityScore({
            severity: f.severity,
            suppressed: f.status === 'suppressed',
            signal,
            exposure,
          }),
        };
        if (
          rank.kev !== f.rank.kev ||
          rank.epss !== f.rank.epss ||
          rank.priority_score !== f.rank.priority_score
        ) {
          updates.push({ id: f.id, rank });
        }
      }
      if (updates.length > 0) {
        changed += updates.length;
        await store.transaction(async tx => {
          await store.updateRanks(tx, updates);
          await this.recompute(tx, c.entityRef, now, c.lastScanAt);
        });
      }
    }
    this.options.logger.info(
      `security-posture: re-ranked ${changed} findings with fresh exploitation data`,
    );
    return changed;
  }

  async snapshotAll(): Promise<number> {
    const now = this.now();
    const components = await this.options.store.listComponents();
    const since = new Date(Date.parse(now) - 86_400_000).toISOString();
    for (const c of components) {
      await this.options.store.transaction(tx =>
        this.recompute(tx, c.entityRef, now, c.lastScanAt),
      );
      const breached = await this.options.store.countSlaBreaches(
        c.entityRef,
        this.options.config.defaultBranch,
        since,
        now,
      );
      await this.options.notifier?.slaBreaches(
        { entityRef: c.entityRef, ownerRef: c.ownerRef },
        breached,
      );
    }
    this.options.logger.info(
      `security-posture: daily snapshot of ${components.length} components`,
    );
    return components.length;
  }
}
