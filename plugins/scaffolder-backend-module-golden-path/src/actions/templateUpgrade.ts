import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './templateUpgrade.examples';
import { callPostureService } from './postureService';
import { assertEntityRef } from './validation';

/** How long one upgrade may take on the posture backend, in milliseconds. */
const UPGRADE_TIMEOUT_MS = 120_000;

/**
 * Options of {@link createTemplateUpgradeAction}.
 *
 * @public
 */
export interface TemplateUpgradeActionOptions {
  discovery: DiscoveryService;
  auth: AuthService;
}

/**
 * Creates `goldenpath:template:upgrade`: asks the security-posture backend's upgrade service to
 * upgrade one component to a newer version of its golden-path template (three-way merge into the
 * branch `golden-path/upgrade-<template>` of its repository), on behalf of the user who runs the
 * task, so their `security-posture.template.upgrade` permission decides.
 *
 * @public
 */
export function createTemplateUpgradeAction(
  options: TemplateUpgradeActionOptions,
) {
  return createTemplateAction({
    id: 'goldenpath:template:upgrade',
    description:
      "Upgrades a component to a newer version of its golden-path template: a three-way merge into its repository's upgrade branch, checked against the policies.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string().max(253).describe('The component to upgrade.'),
        templateRef: z =>
          z
            .string()
            .max(253)
            .describe('The template it was made from (template:ns/name).'),
        targetVersion: z =>
          z
            .string()
            .max(64)
            .optional()
            .describe('The version to upgrade to; default the newest.'),
        answers: z =>
          z
            .record(z.string(), z.unknown())
            .optional()
            .describe(
              'Answers to questions the new version asks, or replacing answers it refuses.',
            ),
      },
      output: {
        state: z =>
          z
            .string()
            .describe(
              'opened, updated, unchanged, up-to-date or blocked (failed upgrades fail the step).',
            ),
        branch: z => z.string().optional().describe('The upgrade branch.'),
        commit: z => z.string().optional().describe('Its commit.'),
        changeUrl: z =>
          z.string().optional().describe('Where the change can be seen.'),
        conflicts: z =>
          z.number().describe('Conflict regions marked in merged files.'),
        description: z =>
          z.string().describe("The change request's description (Markdown)."),
      },
    },
    async handler(ctx) {
      assertEntityRef(ctx.input.entityRef, 'entityRef');
      assertEntityRef(ctx.input.templateRef, 'templateRef');
      const entityRef = stringifyEntityRef(
        parseEntityRef(ctx.input.entityRef, { defaultKind: 'component' }),
      );
      const template = parseEntityRef(ctx.input.templateRef, {
        defaultKind: 'template',
      });
      if (template.kind.toLocaleLowerCase('en-US') !== 'template') {
        throw new InputError('templateRef must name a Template entity');
      }
      const signal = ctx.signal
        ? AbortSignal.any([ctx.signal, AbortSignal.timeout(UPGRADE_TIMEOUT_MS)])
        : AbortSignal.timeout(UPGRADE_TIMEOUT_MS);
      const json = await callPostureService(
        options,
        ctx,
        `/v1/templates/${encodeURIComponent(
          template.namespace,
        )}/${encodeURIComponent(template.name)}/upgrades`,
        {
          method: 'POST',
          body: {
            entityRefs: [entityRef],
            ...(ctx.input.targetVersion
              ? { targetVersion: ctx.input.targetVersion }
              : {}),
            ...(ctx.input.answers ? { answers: ctx.input.answers } : {}),
            ...(ctx.isDryRun ? { dryRun: true } : {}),
          },
          signal,
        },
      );
      const result = json?.items?.[0];
      if (!result) throw new Error('the upgrade service answered no result');
      if (result.state === 'failed') {
        throw new InputError(`${entityRef} was not upgraded: ${result.error}`);
      }
      ctx.logger.info(
        `${entityRef}: ${result.state} ${result.fromVersion} -> ${
          result.toVersion
        }${result.branch ? ` on ${result.branch}` : ''} (${
          result.conflicts
        } conflict region(s))`,
      );
      ctx.output('state', result.state);
      if (result.branch) ctx.output('branch', result.branch);
      if (result.commit) ctx.output('commit', result.commit);
      if (result.changeUrl) ctx.output('changeUrl', result.changeUrl);
      ctx.output('conflicts', result.conflicts);
      ctx.output('description', result.description);
    },
  });
}
