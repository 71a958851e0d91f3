// zod is installed in the workspace (through @backstage/plugin-scaffolder-node) but not yet
// declared by this package; see the package README.
import { z } from 'zod';
import { controlIdProblem } from './controls';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const ruleSchema = z
  .object({
    id: z.string().regex(DNS_LABEL, 'rule ids are DNS labels'),
    title: z.string().min(1).max(200),
    severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
    fix: z.string().min(1).max(2000),
    files: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional(),
    message: z.string().min(1).max(500).optional(),
    expression: z.string().min(1).optional(),
    violations: z.string().min(1).optional(),
  })
  .strict()
  .refine(r => (r.expression === undefined) !== (r.violations === undefined), {
    message: 'a rule has exactly one of `expression` or `violations`',
  });

const controlSchema = z
  .object({
    framework: z.enum(['soc2', 'iso27001']),
    id: z.string().min(1).max(20),
  })
  .strict()
  .superRefine((control, ctx) => {
    const problem = controlIdProblem(control.framework, control.id);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: problem });
    }
  });

/**
 * The zod schema of a policy file's document.
 *
 * @public
 */
export const policyDocumentSchema = z
  .object({
    apiVersion: z.literal('golden-path.dev/v1'),
    kind: z.literal('Policy'),
    metadata: z
      .object({
        name: z.string().regex(DNS_LABEL, 'policy names are DNS labels'),
        description: z.string().min(1).max(2000),
      })
      .strict(),
    spec: z
      .object({
        target: z.enum(['workspace', 'posture']),
        mode: z.enum(['enforce', 'warn', 'log']),
        scope: z
          .object({
            tiers: z.array(z.number().int().min(1).max(3)).optional(),
            kinds: z.array(z.string().min(1)).optional(),
            systems: z.array(z.string().min(1)).optional(),
          })
          .strict()
          .optional(),
        rules: z.array(ruleSchema).min(1).max(200),
        controls: z.array(controlSchema).max(50).optional(),
      })
      .strict(),
  })
  .strict();

/**
 * A policy document as written in YAML.
 *
 * @public
 */
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
