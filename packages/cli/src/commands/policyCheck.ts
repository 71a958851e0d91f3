import {
  evaluateWorkspace,
  formatResults,
  loadBuiltinWorkspacePolicies,
  loadPolicies,
  Policy,
  PolicyLoadError,
  WorkspaceError,
} from '@golden-path/policy';
import fs from 'node:fs/promises';
import { CliError, CliIo, EXIT } from '../io';

export interface PolicyCheckOptions {
  policies?: string[];
  tier?: string;
  json?: boolean;
}

/** `golden-path policy check <dir>`: the template policies over a directory, locally. */
export async function policyCheck(
  dir: string,
  options: PolicyCheckOptions,
  io: CliIo,
): Promise<number> {
  const stat = await fs.lstat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new CliError(`${dir} is not a directory`);
  }
  const tier = options.tier === undefined ? undefined : Number(options.tier);
  if (tier !== undefined && ![1, 2, 3].includes(tier)) {
    throw new CliError(`--tier must be 1, 2 or 3 (got ${options.tier})`);
  }
  let policies: Policy[];
  try {
    policies = await loadBuiltinWorkspacePolicies();
    for (const source of options.policies ?? []) {
      policies.push(...(await loadPolicies(source)));
    }
  } catch (error) {
    if (error instanceof PolicyLoadError) {
      throw new CliError(`invalid policies:\n${error.message}`);
    }
    throw error;
  }
  let results;
  try {
    results = await evaluateWorkspace(dir, policies, {
      subject: tier ? { tier } : undefined,
    });
  } catch (error) {
    if (error instanceof WorkspaceError) throw new CliError(error.message);
    throw error;
  }
  const enforced = results.filter(r => r.mode === 'enforce');
  const rules = policies.reduce((n, p) => n + p.rules.length, 0);
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify(
        { passed: enforced.length === 0, rules, results },
        null,
        2,
      )}\n`,
    );
  } else {
    io.stdout.write(`${formatResults(results)}\n`);
    io.stdout.write(
      `${rules} rules of ${policies.length} policies: ${
        enforced.length
      } enforced violation(s), ${
        results.length - enforced.length
      } warning(s)\n`,
    );
  }
  return enforced.length > 0 ? EXIT.deny : EXIT.ok;
}
