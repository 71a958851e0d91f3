import { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { AuditLog } from '../audit/AuditLog';
import { NotFoundError } from '@backstage/errors';
import {
  IngestResult,
  ParsedReport,
} from '@golden-path/plugin-security-posture-common';
import { createHash, randomUUID } from 'node:crypto';
import { reuseKeyOf } from './reuseKey';
import { AdvisoryMatcher } from '../advisories/AdvisoryMatcher';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { PostureConfig } from '../config';
import { ComponentFacts, PostureStore } from '../database/PostureStore';
import { requireComponentRef } from '../lib/refs';
import { PostureNotifier } from '../notifications/PostureNotifier';
import { ReportInputError } from '../parsers/errors';
import { scanKinds } from '../parsers/toolKinds';
import { PostureRecompute, Recomputed } from '../posture/PostureRecompute';
import { InventoryCounts, InventoryStore } from '../inventory/InventoryStore';
import { ExploitSource } from '../priority/ExploitIntel';
import { rankFinding } from '../priority/rank';

/** The parser entry point the service uses (the built-ins plus extension-point parsers). @internal */
export type ReportParseFn = (
  body: Buffer,
  options: { format?: string },
) => ParsedReport;

/** An upload: the raw report and where it applies. @internal */
export interface IngestRequest {
  entityRef: string;
  body: Buffer;
  format?: string;
  branch?: string;
  commit?: string;
  complete?: boolean;
  uploadedBy: string;
}

/** A parsed report (an upload's, or a pull-based provider's) and where it applies. @internal */
export interface ParsedIngestRequest {
  entityRef: string;
  report: ParsedReport;
  branch?: string;
  commit?: string;
  complete?: boolean;
  uploadedBy: string;
  /** The SHA-256 of the uploaded body (the audit log's). */
  reportSha256?: string;
  /** What the reimport shortcut compares ({@link reuseKeyOf}); the body's SHA-256 when absent. */
  reuseKey?: string;
}

const noCounts = () => ({
  new: 0,
  unchanged: 0,
  fixed: 0,
  reopened: 0,
  suppressed: 0,
});

/** The built-in formats whose reports list packages (SBOMs and scanners' package lists). */
const INVENTORY_FORMATS: ReadonlySet<string> = new Set([
  'cyclonedx',
  'spdx',
  'trivy',
  'grype',
  'osv-scanner',
]);

function addCounts(
  a: InventoryCounts | undefined,
  b: InventoryCounts,
): InventoryCounts {
  return {
    added: (a?.added ?? 0) + b.added,
    removed: (a?.removed ?? 0) + b.removed,
    changed: (a?.changed ?? 0) + b.changed,
    unchanged: (a?.unchanged ?? 0) + b.unchanged,
  };
}

/**
 * Scanner reports in: each applied to one component in one transaction with reimport semantics
 * per tool (new / unchanged / fixed / reopened) and its packages as its tools' dependency
 * inventory (added / removed / changed version / unchanged), ranked with the exploitation data, and the
 * component's posture recomputed in the same transaction.
 *
 * @internal
 */
export class IngestService {
  constructor(
    private readonly options: {
      store: PostureStore;
      catalog: CatalogFacts;
      config: PostureConfig;
      parse: ReportParseFn;
      recompute: PostureRecompute;
      intel: ExploitSource;
      logger: LoggerService;
      notifier?: PostureNotifier;
      audit?: AuditLog;
      /** Dependency inventories: a report's packages replace its tools' (none: not kept). */
      inventory?: InventoryStore;
      /**
       * Advisory matching: an upload to the default branch matches the component's inventory
       * with the stored advisories in its transaction (none: not matched).
       */
      advisories?: AdvisoryMatcher;
      /**
       * Runs inside the transaction of an upload to the default branch, once the component's
       * posture is recomputed (the campaigns holding the component evaluated again, their progress
       * committed with the upload), in a savepoint of its own: a failure is rolled back alone and
       * logged, never the upload's answer. `recomputed` is the posture just stored (as served) and
       * the inventory rows its policies read, which need not be read again.
       */
      afterApply?: (
        tx: Knex.Transaction,
        entityRef: string,
        recomputed: Recomputed,
      ) => Promise<void>;
      now?: () => Date;
    },
  ) {}

  /**
   * {@link IngestService}'s `afterApply` for an upload to the default branch, inside its
   * transaction and a savepoint (knex's nested transaction): what it wrote is rolled back alone
   * when it fails, and the upload goes on.
   */
  private async afterApply(
    tx: Knex.Transaction,
    entityRef: string,
    branch: string,
    recomputed: Recomputed,
  ): Promise<void> {
    const { afterApply, config, logger } = this.options;
    if (!afterApply || branch !== config.defaultBranch) return;
    try {
      await tx.transaction(savepoint =>
        afterApply(savepoint, entityRef, recomputed),
      );
    } catch (error) {
      logger.warn(
        `security-posture: after the upload for ${entityRef}: ${error}`,
      );
    }
  }

  /** Records an applied report in the audit log, inside its transaction. */
  private async audited(
    tx: Knex.Transaction,
    result: IngestResult,
    request: { uploadedBy: string; commit?: string; reportSha256?: string },
  ): Promise<IngestResult> {
    await this.options.audit?.record(
      {
        type: 'report.uploaded',
        entityRef: result.entityRef,
        actor: request.uploadedBy,
        details: {
          format: result.format,
          tools: result.tools,
          branch: result.branch,
          commit: request.commit ?? null,
          counts: result.counts,
          reportSha256: request.reportSha256 ?? null,
        },
      },
      tx,
    );
    return result;
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  /**
   * Creates or refreshes the component's row, which locks it until the transaction ends (on
   * PostgreSQL; SQLite runs one write transaction at a time), and answers the time of this
   * ingest, taken once the lock is held: concurrent uploads for a component apply one after the
   * other, each seeing the one before, and their scans' times follow that order.
   */
  private async lockComponent(
    tx: Knex.Transaction,
    facts: ComponentFacts,
  ): Promise<string> {
    const { store } = this.options;
    await store.upsertComponent(tx, facts, this.now());
    const now = this.now();
    // strictly after the component's latest scan, whatever the clocks of the replicas say
    const latest = await store.latestScanAt(tx, facts.entityRef);
    return latest && latest >= now
      ? new Date(Date.parse(latest) + 1).toISOString()
      : now;
  }

  /** SLA days of a component's tier (`sla.tiers`), else the days by severity. */
  private slaDaysFor(tier: number | null) {
    const { config } = this.options;
    return (
      (tier ? config.slaDaysByTier[tier as 1 | 2 | 3] : undefined) ??
      config.slaDays
    );
  }

  private async catalogFacts(entityRef: string): Promise<ComponentFacts> {
    const facts = await this.options.catalog.getComponent(entityRef);
    if (!facts) {
      throw new NotFoundError(`No component ${entityRef} in the catalog`);
    }
    return facts;
  }

  /** Parses an uploaded report and applies it to one component in one transaction. */
  async ingest(request: IngestRequest): Promise<IngestResult> {
    const entityRef = requireComponentRef(request.entityRef);
    const reportSha256 = createHash('sha256')
      .update(request.body)
      .digest('hex');
    // what "the same report" means for the shortcut (an SBOM regenerated unchanged is the same)
    const reuseKey = reuseKeyOf(request.body, reportSha256);
    let facts: ComponentFacts | undefined;
    if (request.complete ?? true) {
      facts = await this.catalogFacts(entityRef);
      const again = await this.reapply(
        { ...request, entityRef, reportSha256, reuseKey },
        facts,
      );
      if (again) {
        return again;
      }
    }
    const report = this.options.parse(request.body, { format: request.format });
    return this.apply(
      { ...request, entityRef, report, reportSha256, reuseKey },
      facts ?? (await this.catalogFacts(entityRef)),
    );
  }

  /**
   * The same complete report as the last one of its tools: nothing but last-seen times can
   * change, so it is applied without parsing and diffing it again (same answer, same semantics).
   */
  private async reapply(
    request: IngestRequest & { reportSha256: string; reuseKey: string },
    facts: ComponentFacts,
  ): Promise<IngestResult | undefined> {
    const { store, config, recompute } = this.options;
    const { entityRef } = request;
    const branch = request.branch ?? config.defaultBranch;
    return store.transaction(async tx => {
      // the component's row lock first: what the last scan was, and this scan's time, are
      // decided in the order concurrent uploads of the component commit (a component without a
      // row has no scan to reuse, and nothing is written for it here)
      if (!(await store.lockComponent(tx, entityRef))) {
        return undefined;
      }
      const scans = await store.findReusableScans(
        tx,
        entityRef,
        branch,
        request.reuseKey,
      );
      if (
        !scans ||
        (request.format !== undefined &&
          scans.some(scan => scan.format !== request.format))
      ) {
        return undefined;
      }
      // the same packages as before: the inventory is not written, only counted. A format that
      // lists packages with none stored was applied before the inventory existed (or listed none):
      // it is applied in full, so an SBOM uploaded before an upgrade is not skipped after it
      const packages = await this.options.inventory?.countPackages(
        tx,
        { entityRef, branch },
        scans.map(scan => scan.tool),
      );
      if (packages === 0 && INVENTORY_FORMATS.has(scans[0].format)) {
        return undefined;
      }
      const now = await this.lockComponent(tx, facts);
      const totals = noCounts();
      // Only last-seen times move: one row per tool records that the findings of the earlier scan
      // were seen again (their last-seen time is derived on read), instead of one write per finding.
      const applied: { scanId: string; tool: string }[] = [];
      for (const scan of scans) {
        const scanId = randomUUID();
        const counts = await store.countSeen(tx, {
          entityRef,
          tool: scan.tool,
          branch,
        });
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
          reportSha256: request.reuseKey,
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
      const checks =
        scans[0].format === 'scorecard'
          ? await store.countChecks(tx, entityRef)
          : 0;
      const posture = await recompute.recompute(tx, entityRef, now, now);
      await this.afterApply(tx, entityRef, branch, posture);
      return this.audited(
        tx,
        {
          scanId: applied[0].scanId,
          entityRef,
          format: scans[0].format,
          branch,
          tools: scans.map(scan => scan.tool),
          counts: { ...totals, checks },
          ...(packages
            ? {
                inventory: {
                  added: 0,
                  removed: 0,
                  changed: 0,
                  unchanged: packages,
                },
              }
            : {}),
          posture: { score: posture.score, grade: posture.grade },
        },
        request,
      );
    });
  }

  /**
   * Applies a parsed report (an upload, or a pull-based provider's) to one component in one
   * transaction, with reimport semantics per tool.
   */
  async ingestParsed(request: ParsedIngestRequest): Promise<IngestResult> {
    const entityRef = requireComponentRef(request.entityRef);
    return this.apply(
      { ...request, entityRef },
      await this.catalogFacts(entityRef),
    );
  }

  /** {@link IngestService.ingestParsed} with the component's catalog facts read already. */
  private async apply(
    request: ParsedIngestRequest,
    facts: ComponentFacts,
  ): Promise<IngestResult> {
    const { entityRef, report } = request;
    const { store, config, recompute } = this.options;
    if (report.findings.length > config.maxFindings) {
      throw new ReportInputError(
        'too-large',
        `report has ${report.findings.length} findings, over the limit of ${config.maxFindings} (securityPosture.ingest.maxFindings)`,
      );
    }
    if ((report.packages?.length ?? 0) > config.maxPackages) {
      throw new ReportInputError(
        'too-large',
        `report lists ${report.packages!.length} packages, over the limit of ${
          config.maxPackages
        } (securityPosture.ingest.maxPackages)`,
      );
    }
    const { inventory } = this.options;
    const branch = request.branch ?? config.defaultBranch;
    const complete = request.complete ?? true;
    const exposure = {
      tier: facts.tier,
      lifecycle: facts.lifecycle,
      providedApis: facts.providedApis ?? 0,
    };
    let urgent: { critical: number; knownExploited: number } | undefined;
    // the exploitation data as of now (one stamp read; the rows again only after a refresh)
    const intel = await this.options.intel.current();

    const result = await store.transaction(async tx => {
      const now = await this.lockComponent(tx, facts);
      const totals = { ...noCounts(), checks: report.checks.length };
      let packageCounts: InventoryCounts | undefined;
      let firstScanId: string | undefined;
      const tools = report.tools.length
        ? report.tools
        : [{ name: report.format }];
      for (const tool of tools) {
        const scanId = randomUUID();
        firstScanId ??= scanId;
        // A run the tool itself reports as failed proves nothing about missing findings.
        const toolComplete = complete && !tool.incomplete;
        // a scanner's own suppression is its opinion: it counts once a person approves it, unless
        // the tool is trusted (securityPosture.ingest.trustSuppressionsOf)
        const honourSuppressions = config.trustedSuppressions.includes(
          tool.name.toLocaleLowerCase('en-US'),
        );
        const counts = await store.applyFindings(tx, {
          entityRef,
          tool: tool.name,
          branch,
          scanId,
          now,
          complete: toolComplete,
          findings: report.findings.filter(f => f.tool === tool.name),
          slaDays: this.slaDaysFor(facts.tier),
          honourSuppressions,
          rank: finding =>
            rankFinding(
              intel,
              {
                severity: finding.severity,
                suppressed: honourSuppressions && Boolean(finding.suppression),
                aliases: finding.aliases,
              },
              exposure,
            ),
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
          reportSha256: request.reuseKey ?? request.reportSha256 ?? null,
        });
        if (report.checks.length > 0) {
          await store.replaceChecks(tx, entityRef, scanId, report.checks, now);
        }
        if (inventory && report.packages) {
          const changed = await inventory.replace(
            tx,
            { entityRef, branch, tool: tool.name },
            report.packages.filter(p => p.tool === tool.name),
            { scanId, now },
          );
          packageCounts = addCounts(packageCounts, changed);
        }
        totals.new += counts.new;
        totals.unchanged += counts.unchanged;
        totals.fixed += counts.fixed;
        totals.reopened += counts.reopened;
        totals.suppressed += counts.suppressed;
      }
      // the inventory's packages against the stored advisories, and a scanner's finding of an
      // advisory's vulnerability taking its match over, in this transaction; an upload that
      // changed neither the inventory nor which findings are open leaves the matches as they are
      const moved =
        (packageCounts
          ? packageCounts.added + packageCounts.removed + packageCounts.changed
          : 0) +
        totals.new +
        totals.fixed +
        totals.reopened;
      const matched =
        this.options.advisories && branch === config.defaultBranch && moved > 0
          ? await this.options.advisories.matchComponent(
              tx,
              { entityRef, tier: facts.tier, exposure },
              { branch, now, intel },
            )
          : undefined;
      const posture = await recompute.recompute(tx, entityRef, now, now);
      await this.afterApply(tx, entityRef, branch, posture);
      urgent =
        totals.new > 0 || (matched?.new ?? 0) > 0
          ? await store.countNewUrgent(tx, entityRef, now)
          : undefined;
      return this.audited(
        tx,
        {
          scanId: firstScanId!,
          entityRef,
          format: report.format,
          branch,
          tools: tools.map(t => t.name),
          counts: totals,
          ...(packageCounts ? { inventory: packageCounts } : {}),
          posture: { score: posture.score, grade: posture.grade },
        },
        request,
      );
    });
    if (urgent) {
      await this.options.notifier?.newUrgentFindings(
        { entityRef, ownerRef: facts.ownerRef },
        urgent,
      );
    }
    return result;
  }
}
