import path from 'node:path';
import { loadPolicies } from './load/loadPolicies';
import type { Policy } from './types';

/**
 * The directory holding the built-in workspace policies shipped with this package.
 *
 * @public
 */
export const BUILTIN_WORKSPACE_POLICIES_DIR = path.join(
  path.dirname(require.resolve('@golden-path/policy/package.json')),
  'policies',
  'workspace',
);

/**
 * Loads the built-in workspace policies (the golden-path templates' hardening).
 *
 * @public
 */
export function loadBuiltinWorkspacePolicies(): Promise<Policy[]> {
  return loadPolicies(BUILTIN_WORKSPACE_POLICIES_DIR);
}

/**
 * The directory holding the built-in posture policies (the deployment gate's defaults).
 *
 * @public
 */
export const BUILTIN_POSTURE_POLICIES_DIR = path.join(
  path.dirname(require.resolve('@golden-path/policy/package.json')),
  'policies',
  'posture',
);

/**
 * Loads the built-in posture policies: SLA breaches, known-exploited findings, hygiene, template
 * currency, OpenSSF Scorecard, copyleft licences.
 *
 * @public
 */
export function loadBuiltinPosturePolicies(): Promise<Policy[]> {
  return loadPolicies(BUILTIN_POSTURE_POLICIES_DIR);
}
