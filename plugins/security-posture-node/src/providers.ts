import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { ParsedReport } from '@golden-path/plugin-security-posture-common';

/**
 * What a finding provider pulled for one component: a whole report of one scan, applied with
 * the same reimport semantics as an upload (new, unchanged, fixed, reopened).
 *
 * @public
 */
export interface PulledReport {
  /** The component, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** The findings and checks of one scan, validated like an upload before they are applied. */
  report: ParsedReport;
  /** Defaults to the plugin's default branch. */
  branch?: string;
  /** The scanned commit, when known. */
  commit?: string;
  /** false when missing findings must not be taken as fixed. Default true. */
  complete?: boolean;
}

/**
 * A pull-based source of findings (a scanner's API, a vulnerability database, an SCM's alerts),
 * added through {@link securityPostureProvidersExtensionPoint}. The backend runs each provider
 * on its schedule through the scheduler service, so one replica runs it at a time.
 *
 * @public
 */
export interface FindingProvider {
  /** Unique id: names the scheduled task and is recorded as the uploader. */
  id: string;
  /** When to pull. Default: every hour, starting a minute after start-up. */
  schedule?: Partial<SchedulerServiceTaskScheduleDefinition>;
  /** Pulls the current findings of every component the provider knows. */
  pull(options: { signal?: AbortSignal }): Promise<PulledReport[]>;
}
