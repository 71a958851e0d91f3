import type { PolicyResult } from '@golden-path/policy';
import { ChangelogVersion } from './changelog';
import { FileChange } from './plan';

/** Where an upgrade stands. @public */
export type UpgradeState =
  /** A new upgrade branch was written. */
  | 'opened'
  /** The existing upgrade branch got a new commit. */
  | 'updated'
  /** The existing upgrade branch already holds exactly this upgrade. */
  | 'unchanged'
  /** The repository is already at the target version. */
  | 'up-to-date'
  /** The merged result fails an enforced policy: nothing was offered. */
  | 'blocked';

/** What an upgrade did, or (dry run) would do. @public */
export interface UpgradeResult {
  state: UpgradeState;
  templateRef: string;
  fromVersion: string;
  toVersion: string;
  branch: string;
  commit?: string;
  /** The change request (pull request) opened or updated for the branch, where there is one. */
  changeUrl?: string;
  changes: FileChange[];
  conflicts: number;
  renamed: { from: string; to: string }[];
  problems: { path: string; problem: string }[];
  droppedAnswers: string[];
  policy: { passed: boolean; violations: PolicyResult[] };
  changelog: ChangelogVersion[];
  /** The change request's text (Markdown, every untrusted value in code spans). */
  description: string;
}
