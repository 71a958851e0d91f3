import { AcceptedRisk } from '@golden-path/plugin-security-posture-common';
import type { Knex } from 'knex';

/**
 * What the posture needs to know of approved exceptions (the exceptions room's store answers it):
 * covered findings do not count, and an exception's expiry ends a stored posture's exactness.
 *
 * @internal
 */
export interface AcceptedRisks {
  /** The earliest expiry among a component's approved, unexpired exceptions. */
  nextExpiry(
    tx: Knex,
    entityRef: string,
    now: string,
  ): Promise<string | undefined>;
  /** Open findings on the branch that an approved, unexpired exception covers. */
  countAccepted(
    tx: Knex,
    entityRef: string,
    branch: string,
    now: string,
  ): Promise<number>;
  /** Which of the given findings an approved, unexpired exception covers, and by which. */
  acceptedFor(
    entityRef: string,
    findings: { id: string; ruleId: string; tool: string }[],
    now: string,
  ): Promise<Map<string, AcceptedRisk>>;
}

/** How far a component's template version is behind, and whether its managed files drifted. @internal */
export type TemplateStatusFn = (
  templateRef: string,
  version: string | null,
  entityRef: string,
  /** The transaction the posture is stored in. */
  tx: Knex,
) => Promise<
  | {
      latestVersion: string;
      behindBy: number;
      securityReleasesBehind: number;
      drifted?: boolean | null;
    }
  | undefined
>;
