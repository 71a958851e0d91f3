import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './parametersValidate.examples';
import { templateIdentity } from './templateIdentity';
import {
  assertDnsLabel,
  assertEntityRef,
  assertPlainText,
  INPUT_LIMITS,
} from './validation';

/**
 * Creates `goldenpath:parameters:validate`: validates the golden-path template's answers on
 * the server (the form's checks are only hints) and outputs the template's ref and version.
 *
 * @public
 */
export function createParametersValidateAction() {
  return createTemplateAction({
    id: 'goldenpath:parameters:validate',
    description:
      "Validates the golden-path template's answers server-side (DNS-label name, entity refs, tier, lifecycle, plain-text description) and outputs the template's ref and version.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .max(63)
            .describe('Component name: a DNS label (lowercase, digits, -).'),
        owner: z =>
          z
            .string()
            .max(INPUT_LIMITS.maxRefLength)
            .describe('Owner entity ref (a Group).'),
        system: z =>
          z
            .string()
            .max(INPUT_LIMITS.maxRefLength)
            .describe('System entity ref.'),
        tier: z =>
          z
            .number()
            .int()
            .min(1)
            .max(3)
            .describe('Security tier, 1 (most critical) to 3.'),
        lifecycle: z =>
          z
            .enum(['experimental', 'production', 'deprecated'])
            .describe('Lifecycle of the component.'),
        description: z =>
          z
            .string()
            .max(INPUT_LIMITS.maxTextLength)
            .optional()
            .describe(
              'Free-text description (only ever serialized, never rendered).',
            ),
      },
      output: {
        templateRef: z => z.string().describe('Entity ref of the template.'),
        templateVersion: z =>
          z.string().describe('Semantic version of the template.'),
      },
    },
    async handler(ctx) {
      const { name, owner, system, description } = ctx.input;
      assertDnsLabel(name, 'name');
      assertEntityRef(owner, 'owner');
      assertEntityRef(system, 'system');
      if (description !== undefined)
        assertPlainText(description, 'description');
      const template = templateIdentity(ctx.templateInfo);
      ctx.logger.info(
        `Answers are valid for ${template.ref}@${template.version}`,
      );
      ctx.output('templateRef', template.ref);
      ctx.output('templateVersion', template.version);
    },
  });
}
