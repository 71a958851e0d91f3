import { Posture } from '@golden-path/plugin-security-posture-common';
import { AuditLog } from '../audit/AuditLog';
import { requireComponentRef } from '../lib/refs';
import { PostureNotifier } from '../notifications/PostureNotifier';
import { PolicyEvaluation } from '../posture/PosturePolicies';
import { PostureEvaluator } from '../posture/SharedPosturePolicies';
import { PostureService } from '../posture/PostureService';
import { gateVerdict, GateVerdict } from './gateVerdict';

/** What the gate answers. @internal */
export type GateDecision = {
  entityRef: string;
  decision: GateVerdict;
  /** (as a mapped type, so it fits the spec's generated response type) */
  reasons: Omit<PolicyEvaluation['violations'][number], never>[];
  grade: Posture['grade'];
  score: number | null;
  evaluatedAt: string;
};

/**
 * The deployment gate: the component's current posture (findings under an approved exception
 * do not count) against the posture policies. deny on an enforce-mode violation, warn on a
 * warn-mode one, allow otherwise. Every decision is audit-logged and a denial notifies the owners,
 * once per window for identical repeated decisions.
 *
 * @internal
 */
export class GateService {
  constructor(
    private readonly options: {
      postures: PostureService;
      policies?: PostureEvaluator;
      notifier?: PostureNotifier;
      audit?: AuditLog;
      /** Identical decisions within this many minutes are recorded and notified once. */
      repeatWindowMinutes?: number;
      now?: () => Date;
    },
  ) {}

  /**
   * Whether the component's last recorded gate decision is this one (same decision, same
   * reasons) and recent: CI asks the gate on every run, and a denial repeated each minute is one
   * event and one notification per window, not one per call.
   */
  private async repeats(
    entityRef: string,
    details: { decision: string; reasons: string[] },
  ): Promise<boolean> {
    const { audit, repeatWindowMinutes = 0 } = this.options;
    if (!audit || repeatWindowMinutes <= 0) return false;
    const since = new Date(
      Date.parse(this.now()) - repeatWindowMinutes * 60_000,
    ).toISOString();
    const {
      items: [last],
    } = await audit.query({
      entityRef,
      type: 'gate.decision',
      since,
      limit: 1,
    });
    const recorded = last?.details as
      | { decision?: string; reasons?: string[] }
      | undefined;
    return Boolean(
      recorded &&
        recorded.decision === details.decision &&
        JSON.stringify(recorded.reasons) === JSON.stringify(details.reasons),
    );
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  /** The decision for a component (an unknown one is a NotFoundError), asked by `actor`. */
  async evaluate(rawRef: string, actor: string): Promise<GateDecision> {
    const entityRef = requireComponentRef(rawRef);
    const posture = await this.options.postures.getPosture(entityRef);
    const evaluation =
      posture.policy ?? this.options.policies?.evaluate(posture, this.now());
    const violations = evaluation?.violations ?? [];
    const decision = gateVerdict(violations);
    const result: GateDecision = {
      entityRef,
      decision,
      // log-mode results are recorded with the posture, not reasons to stop a deployment
      reasons: violations.filter(v => v.mode !== 'log'),
      grade: posture.grade,
      score: posture.score,
      evaluatedAt: evaluation?.evaluatedAt ?? this.now(),
    };
    const details = {
      decision: result.decision,
      reasons: result.reasons.map(
        r => `${r.mode} ${r.policy}/${r.rule}: ${r.message}`,
      ),
      grade: result.grade,
      score: result.score,
    };
    if (await this.repeats(entityRef, details)) return result;
    await this.options.audit?.record({
      type: 'gate.decision',
      entityRef: result.entityRef,
      actor,
      details,
    });
    if (decision === 'deny') {
      await this.options.notifier?.gateDenied(
        { entityRef, ownerRef: posture.owner },
        violations.filter(v => v.mode === 'enforce'),
      );
    }
    return result;
  }
}
