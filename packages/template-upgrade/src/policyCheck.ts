import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  evaluateWorkspace,
  loadBuiltinWorkspacePolicies,
  loadPolicies,
  type Policy,
  type PolicyResult,
} from '@golden-path/policy';
import { Answers } from './answers';
import { FileTree, TemplateVersion, subtree, writeTree } from './content';

/** Whether a tree passes every enforced policy, and every result (warnings too). */
export interface PolicyCheck {
  passed: boolean;
  violations: PolicyResult[];
}

/**
 * Checks an upgrade's merged files against the built-in workspace policies, the target version's
 * own `policies/` and any extra ones, for the tier the answers give. The policies read files
 * from disk, so the tree is written to a temporary folder that is removed afterwards.
 */
export async function checkPolicies(
  files: FileTree,
  target: TemplateVersion,
  answers: Answers,
  extra: Policy[],
): Promise<PolicyCheck> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'golden-path-upgrade-'));
  try {
    const workspace = path.join(dir, 'workspace');
    await writeTree(workspace, files);
    const policies = [...(await loadBuiltinWorkspacePolicies()), ...extra];
    const own = subtree(target.files, 'policies');
    if (own.size > 0) {
      const policyDir = path.join(dir, 'policies');
      await writeTree(policyDir, own);
      policies.push(...(await loadPolicies(policyDir)));
    }
    const tier = Number(answers.tier);
    const results = await evaluateWorkspace(workspace, policies, {
      subject: Number.isInteger(tier) ? { tier } : undefined,
    });
    return {
      passed: !results.some(r => r.mode === 'enforce'),
      violations: results,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
