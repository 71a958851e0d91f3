/**
 * Test utilities of the policy engine: a workspace that passes every built-in workspace policy.
 *
 * @packageDocumentation
 */
export { compliantWorkspace, writeWorkspace } from './compliantWorkspace';
