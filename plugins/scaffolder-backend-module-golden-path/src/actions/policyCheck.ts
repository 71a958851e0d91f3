import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  evaluateWorkspace,
  formatResults,
  loadBuiltinWorkspacePolicies,
  loadPolicies,
  PolicyLoadError,
  WorkspaceError,
} from '@golden-path/policy';
import type { Policy } from '@golden-path/policy';
import { examples } from './policyCheck.examples';
import { assertNoSymlinks, resolveInside } from './validation';

/**
 * Options of {@link createPolicyCheckAction}.
 *
 * @public
 */
export interface PolicyCheckActionOptions {
  /** Policy files or directories evaluated besides the built-in workspace policies. */
  extraPolicies?: string[];
}

async function loadAll(extra: readonly string[]): Promise<Policy[]> {
  const policies = await loadBuiltinWorkspacePolicies();
  for (const source of extra) policies.push(...(await loadPolicies(source)));
  return policies;
}

/**
 * Creates `goldenpath:policy:check`: evaluates the workspace policies (CEL) over the rendered
 * workspace and fails the task listing every enforced violation with file, line, rule and fix.
 *
 * @public
 */
export function createPolicyCheckAction(
  options: PolicyCheckActionOptions = {},
) {
  let cached: Promise<Policy[]> | undefined;
  const policies = () => {
    cached ??= loadAll(options.extraPolicies ?? []);
    cached.catch(() => {
      cached = undefined;
    });
    return cached;
  };
  return createTemplateAction({
    id: 'goldenpath:policy:check',
    description:
      'Evaluates the golden-path workspace policies (CEL over the Dockerfile, manifests, workflows and catalog-info) and fails listing every violation with file, rule and fix.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace subdirectory to check (relative, default the whole workspace).',
            ),
        tier: z =>
          z
            .number()
            .int()
            .min(1)
            .max(3)
            .optional()
            .describe(
              "The component's security tier, matched against each policy's scope.",
            ),
      },
      output: {
        passed: z =>
          z.boolean().describe('True when no enforced rule is violated.'),
        violations: z => z.number().describe('Number of enforced violations.'),
        warnings: z => z.number().describe('Number of warn/log violations.'),
        rulesEvaluated: z => z.number().describe('Number of rules evaluated.'),
        summary: z =>
          z.string().describe('The violations, formatted for people.'),
      },
    },
    async handler(ctx) {
      const dir = await resolveInside(
        ctx.workspacePath,
        ctx.input.path ?? '.',
        'path',
      );
      await assertNoSymlinks(dir, 'the workspace');
      let loaded: Policy[];
      try {
        loaded = await policies();
      } catch (e) {
        if (e instanceof PolicyLoadError) {
          throw new InputError(
            `the configured policies are invalid: ${e.message}`,
          );
        }
        throw e;
      }
      let results;
      try {
        results = await evaluateWorkspace(dir, loaded, {
          subject: ctx.input.tier ? { tier: ctx.input.tier } : undefined,
        });
      } catch (e) {
        if (e instanceof WorkspaceError) throw new InputError(e.message);
        throw e;
      }
      const enforced = results.filter(r => r.mode === 'enforce');
      const others = results.filter(r => r.mode !== 'enforce');
      const summary = formatResults(results);
      const rules = loaded.reduce((n, p) => n + p.rules.length, 0);
      ctx.output('passed', enforced.length === 0);
      ctx.output('violations', enforced.length);
      ctx.output('warnings', others.length);
      ctx.output('rulesEvaluated', rules);
      ctx.output('summary', summary);
      if (others.length > 0) ctx.logger.warn(formatResults(others));
      if (enforced.length > 0) {
        throw new InputError(
          `the workspace violates ${enforced.length} enforced polic${
            enforced.length === 1 ? 'y rule' : 'y rules'
          }:\n${formatResults(enforced)}`,
        );
      }
      ctx.logger.info(
        `The workspace meets ${rules} rules of ${loaded.length} policies`,
      );
    },
  });
}
