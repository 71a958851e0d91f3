import { InputError } from '@backstage/errors';
import {
  compareControls,
  ControlReference,
  controlTitle,
  loadBuiltinWorkspacePolicies,
  Policy,
} from '@golden-path/policy';
import type {
  EvidenceComponent,
  EvidenceComponentDay,
  EvidenceControl,
  EvidenceException,
  EvidenceExport,
  EvidencePolicy,
} from '@golden-path/plugin-security-posture-common';
import { createHash } from 'node:crypto';
import type { AuditLog } from '../audit/AuditLog';
import { CatalogFacts, OrgModel } from '../catalog/CatalogFacts';
import { fromJson } from '../database/rows';
import { normalizeRef } from '../lib/refs';
import { PostureEvaluator } from '../posture/SharedPosturePolicies';
import {
  dayBounds,
  daysBetween,
  EvidenceFormat,
  EvidenceQueryInput,
  parseEvidenceQuery,
  RawEvidenceQuery,
} from './evidenceQuery';
import { EvidenceExceptionRow, EvidenceStore } from './EvidenceStore';
import { evidenceCsv, evidenceHtml } from './render';

type OrgComponent = OrgModel['components'][number];

/** The export as served: its bytes, their type and name, and their SHA-256 digest. @internal */
export interface EvidenceDocument {
  body: Buffer;
  contentType: string;
  /** The attachment's file name (csv and html). */
  filename?: string;
  /** `sha-256=<base64>` of `body`, as the `Digest` header carries it. */
  digest: string;
}

/**
 * The most daily statuses one export holds (controls x components x days): a year of 15 controls
 * over 180 components, or a month over 2,000; a whole large fleet over a year is asked by scope.
 */
const MAX_DAY_STATUSES = 1_000_000;

/** A posture rule reads findings (so an approved exception can be what makes it pass). */
const READS_FINDINGS =
  /\bposture\.(open|overdue|overdueBySeverity|knownExploited|topFindings|acceptedRisks)\b/;

/** Whether a policy's scope holds a component (the posture evaluation's rule). */
function appliesTo(policy: Policy, c: OrgComponent): boolean {
  const scope = policy.scope;
  if (!scope) return true;
  if (scope.tiers && !(c.tier && scope.tiers.includes(c.tier))) return false;
  if (scope.kinds && !scope.kinds.includes('component')) return false;
  if (scope.systems && !(c.systemRef && scope.systems.includes(c.systemRef))) {
    return false;
  }
  return true;
}

interface DayResults {
  applied: Set<string>;
  /** Failing policy names. */
  failing: Set<string>;
}

function parseResults(text: string | null): DayResults | undefined {
  if (text === null) return undefined;
  const value = fromJson<{ applied?: unknown; failing?: unknown } | null>(
    text,
    null,
  );
  if (!value || !Array.isArray(value.applied) || !Array.isArray(value.failing))
    return undefined;
  return {
    applied: new Set(value.applied.map(String)),
    failing: new Set(value.failing.map(f => String(f).split('/')[0])),
  };
}

/** What an exception covers, in words. */
function subjectOf(e: EvidenceExceptionRow): string {
  return e.scope === 'finding'
    ? `finding ${e.findingId ?? '?'} (${e.ruleId})`
    : `every finding of rule ${e.ruleId}`;
}

/**
 * The compliance evidence export (issue #17): per control referenced by a posture or workspace
 * policy, the policies mapped to it, the components in scope with their daily pass/fail over the
 * period (from the snapshots' policy results), the approved exceptions in force during the
 * period and the audit events of the period, as JSON, CSV or a printable HTML report. Each export
 * is recorded in the audit log (`evidence.exported`) with the SHA-256 digest of its bytes before
 * they are served.
 *
 * Posture policies have a daily history (the day's latest posture, written by every recompute and
 * the daily task); workspace policies run on the rendered repository (scaffolder, template
 * upgrades, CLI) and nothing of their results reaches this backend per component, so the export
 * lists them with `history: none` and no pass/fail of their own.
 *
 * @internal
 */
export class EvidenceService {
  private workspacePolicies?: Promise<Policy[]>;

  constructor(
    private readonly options: {
      store: EvidenceStore;
      catalog: CatalogFacts;
      audit: AuditLog;
      policies?: PostureEvaluator;
      /** The workspace policies (default: the built-in ones of `@golden-path/policy`). */
      workspacePolicies?: () => Promise<Policy[]>;
      /** The most daily statuses one export holds (default {@link MAX_DAY_STATUSES}). */
      maxDayStatuses?: number;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private loadWorkspacePolicies(): Promise<Policy[]> {
    if (!this.workspacePolicies) {
      const load =
        this.options.workspacePolicies ?? loadBuiltinWorkspacePolicies;
      this.workspacePolicies = load().catch(e => {
        this.workspacePolicies = undefined;
        throw e;
      });
    }
    return this.workspacePolicies;
  }

  /** Validates the query against the catalog: the system and owner must exist. */
  private resolveScope(
    raw: RawEvidenceQuery,
    org: OrgModel,
  ): EvidenceQueryInput {
    const parsed = parseEvidenceQuery(raw, this.now());
    const query: EvidenceQueryInput = {
      from: parsed.from,
      to: parsed.to,
      format: parsed.format,
      ...(parsed.framework ? { framework: parsed.framework } : {}),
      ...(parsed.tier ? { tier: parsed.tier } : {}),
    };
    if (parsed.system) {
      const ref = normalizeRef(parsed.system, 'system');
      if (!ref || !ref.startsWith('system:') || !org.systems.has(ref)) {
        throw new InputError(
          `system: '${parsed.system.slice(
            0,
            100,
          )}' is not a system of the catalog`,
        );
      }
      query.system = ref;
    }
    if (parsed.owner) {
      const ref = normalizeRef(parsed.owner, 'group');
      if (!ref || !ref.startsWith('group:') || !org.groups.has(ref)) {
        throw new InputError(
          `owner: '${parsed.owner.slice(
            0,
            100,
          )}' is not a group of the catalog`,
        );
      }
      query.owner = ref;
    }
    return query;
  }

  /** Whether a component's owner is the group or one of its sub-groups (a cycle walked once). */
  private ownedWithin(c: OrgComponent, group: string, org: OrgModel): boolean {
    const seen = new Set<string>();
    for (
      let ref: string | null = c.ownerRef;
      ref && !seen.has(ref);
      ref = org.groups.get(ref)?.parentRef ?? null
    ) {
      if (ref === group) return true;
      seen.add(ref);
    }
    return false;
  }

  /** The evidence as data (the JSON format's document). */
  async build(
    raw: RawEvidenceQuery,
    actor: string,
  ): Promise<{ query: EvidenceQueryInput; evidence: EvidenceExport }> {
    const { store } = this.options;
    const org = await this.options.catalog.loadOrg();
    const query = this.resolveScope(raw, org);
    const components = org.components
      .filter(
        c =>
          (!query.system || c.systemRef === query.system) &&
          (query.tier === undefined || c.tier === query.tier) &&
          (!query.owner || this.ownedWithin(c, query.owner, org)),
      )
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    if (components.length === 0) {
      const fields = ['system', 'owner', 'tier'].filter(
        f => query[f as 'system' | 'owner' | 'tier'] !== undefined,
      );
      throw new InputError(
        `${
          fields.join(', ') || 'scope'
        }: no component of the catalog is in this scope`,
      );
    }
    const refs = components.map(c => c.entityRef);
    const days = daysBetween(query.from, query.to);
    const posture = this.options.policies?.policies ?? [];
    const workspace = await this.loadWorkspacePolicies();
    const controls = new Map<
      string,
      { ref: ControlReference; policies: Policy[] }
    >();
    for (const policy of [...posture, ...workspace]) {
      for (const ref of policy.controls ?? []) {
        if (query.framework && ref.framework !== query.framework) continue;
        const key = `${ref.framework}:${ref.id}`;
        const entry = controls.get(key) ?? { ref, policies: [] };
        entry.policies.push(policy);
        controls.set(key, entry);
      }
    }

    // what the export would hold: one status per day per control and component it applies to
    const cells =
      [...controls.values()].reduce(
        (n, { policies }) =>
          n +
          components.filter(c => policies.some(p => appliesTo(p, c))).length,
        0,
      ) * days.length;
    const maxCells = this.options.maxDayStatuses ?? MAX_DAY_STATUSES;
    if (cells > maxCells) {
      throw new InputError(
        `from, to: the export would hold ${cells} daily statuses (controls x components x days); at most ${maxCells}: narrow the period or the scope (system, owner, tier, framework)`,
      );
    }
    const retained = await store.retainedRange();
    const rows = await store.snapshots(refs, query.from, query.to);
    if (rows.length === 0) {
      throw new InputError(
        retained.from
          ? `from: no snapshot is retained for the components in scope from ${query.from} to ${query.to}; snapshots are retained from ${retained.from} to ${retained.to}`
          : `from: no snapshot is retained yet; the daily snapshot writes the first one`,
      );
    }
    const byComponentDay = new Map<string, DayResults | null>();
    const daysWithRows = new Set<string>();
    for (const r of rows) {
      daysWithRows.add(r.day);
      byComponentDay.set(
        `${r.entityRef}\0${r.day}`,
        parseResults(r.policyResults) ?? null,
      );
    }
    const periodStart = dayBounds(query.from).start;
    const periodEnd = dayBounds(query.to).end;
    const exceptionRows = await store.approvedExceptions(
      refs,
      periodStart,
      periodEnd,
    );
    const exceptionsOf = new Map<string, EvidenceExceptionRow[]>();
    for (const e of exceptionRows) {
      exceptionsOf.set(e.entityRef, [
        ...(exceptionsOf.get(e.entityRef) ?? []),
        e,
      ]);
    }
    const exceptedOn = (entityRef: string, day: string) => {
      const { start, end } = dayBounds(day);
      return (exceptionsOf.get(entityRef) ?? []).some(e => {
        const until = [e.expiresAt, e.endedAt]
          .filter((t): t is string => t !== null)
          .sort()[0];
        return e.decidedAt < end && until > start;
      });
    };

    const out: EvidenceControl[] = [...controls.values()]
      .sort((a, b) => compareControls(a.ref, b.ref))
      .map(({ ref, policies }) => {
        const evidencePolicies: EvidencePolicy[] = policies.map(p => ({
          name: p.name,
          description: p.description,
          target: p.target,
          mode: p.mode,
          rules: p.rules.map(r => r.id),
          history: p.target === 'posture' ? 'daily' : 'none',
        }));
        const evidenceComponents: EvidenceComponent[] = [];
        for (const c of components) {
          const applicable = policies.filter(p => appliesTo(p, c));
          if (applicable.length === 0) continue;
          const postureNames = applicable
            .filter(p => p.target === 'posture')
            .map(p => p.name);
          const readsFindings = applicable.some(
            p =>
              p.target === 'posture' &&
              p.rules.some(r => READS_FINDINGS.test(r.source.text)),
          );
          const history: EvidenceComponentDay[] = days.map(day => {
            const results = byComponentDay.get(`${c.entityRef}\0${day}`);
            const evaluated = results
              ? postureNames.filter(n => results.applied.has(n))
              : [];
            if (!results || evaluated.length === 0) {
              return { day, status: 'missing' };
            }
            if (evaluated.some(n => results.failing.has(n))) {
              return { day, status: 'fail' };
            }
            // the posture leaves out the findings an approved exception covers: a pass of a
            // policy that reads findings, with an exception in force, may rest on it
            if (readsFindings && exceptedOn(c.entityRef, day)) {
              return { day, status: 'excepted' };
            }
            return { day, status: 'pass' };
          });
          const count = (s: EvidenceComponentDay['status']) =>
            history.filter(h => h.status === s).length;
          evidenceComponents.push({
            entityRef: c.entityRef,
            title: c.title,
            ownerRef: c.ownerRef,
            passDays: count('pass'),
            failDays: count('fail'),
            exceptedDays: count('excepted'),
            missingDays: count('missing'),
            history,
          });
        }
        return {
          framework: ref.framework,
          id: ref.id,
          title: controlTitle(ref),
          policies: evidencePolicies,
          components: evidenceComponents,
        };
      });

    const exceptions: EvidenceException[] = exceptionRows.map(e => ({
      id: e.id,
      entityRef: e.entityRef,
      subject: subjectOf(e),
      reason: e.reason,
      requestedBy: e.requestedBy,
      approvedBy: e.decidedBy,
      status: e.state,
      createdAt: e.requestedAt,
      expiresAt: e.endedAt && e.endedAt < e.expiresAt ? e.endedAt : e.expiresAt,
    }));
    const auditEvents = await store.auditEvents(refs, periodStart, periodEnd);
    const evidence: EvidenceExport = {
      generatedAt: this.now().toISOString(),
      generatedBy: actor,
      period: { from: query.from, to: query.to },
      scope: {
        framework: query.framework ?? null,
        system: query.system ?? null,
        owner: query.owner ?? null,
        tier: query.tier ?? null,
      },
      coverage: {
        days: days.length,
        retainedFrom: retained.from,
        missingDays: days.filter(d => !daysWithRows.has(d)),
      },
      controls: out,
      exceptions,
      auditEvents,
    };
    return { query, evidence };
  }

  /**
   * The export in its format, recorded in the audit log (`evidence.exported`, with the digest of
   * the exact bytes) before it is returned: an export whose record could not be written is not
   * served.
   */
  async export(
    raw: RawEvidenceQuery,
    actor: string,
  ): Promise<EvidenceDocument> {
    const { query, evidence } = await this.build(raw, actor);
    const rendered = render(query.format, evidence);
    const digest = `sha-256=${createHash('sha256')
      .update(rendered.body)
      .digest('base64')}`;
    await this.options.audit.record({
      type: 'evidence.exported',
      actor,
      details: {
        period: evidence.period,
        scope: evidence.scope,
        format: query.format,
        digest,
        bytes: rendered.body.length,
        controls: evidence.controls.length,
        missingDays: evidence.coverage.missingDays.length,
      },
    });
    return { ...rendered, digest };
  }
}

function render(
  format: EvidenceFormat,
  evidence: EvidenceExport,
): Omit<EvidenceDocument, 'digest'> {
  const name = `evidence-${evidence.period.from}-${evidence.period.to}`;
  switch (format) {
    case 'csv':
      return {
        body: Buffer.from(evidenceCsv(evidence), 'utf8'),
        contentType: 'text/csv; charset=utf-8',
        filename: `${name}.csv`,
      };
    case 'html':
      return {
        body: Buffer.from(evidenceHtml(evidence), 'utf8'),
        contentType: 'text/html; charset=utf-8',
        filename: `${name}.html`,
      };
    default:
      return {
        body: Buffer.from(JSON.stringify(evidence), 'utf8'),
        contentType: 'application/json; charset=utf-8',
      };
  }
}
