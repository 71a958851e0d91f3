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
