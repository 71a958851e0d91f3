import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './templateUpgradeRun.examples';
import { callPostureService } from './postureService';
import { TemplateUpgradeActionOptions } from './templateUpgrade';
import { assertEntityRef } from './validation';

/** Most components one step names. */
const MAX_COMPONENTS = 5000;

/**
 * Creates `goldenpath:template:upgrade-run`: starts a run of template upgrades on the
 * security-posture backend's queue (one durable job per component, run in the background by any
 * replica), on behalf of the user who runs the task, and follows it until it is done. The step
 * fails when a component was stopped (failed or blocked), after giving its outputs.
 *
 * @public
 */
export function createTemplateUpgradeRunAction(
  options: TemplateUpgradeActionOptions & {
    /** How long to wait between looks at the run, in milliseconds (default 2000). */
    pollMs?: number;
  },
) {
  return createTemplateAction({
    id: 'goldenpath:template:upgrade-run',
    description:
      'Upgrades many components to a newer version of their golden-path template as a background run of durable jobs, and follows it until it is done.',
    examples,
    schema: {
      input: {
        templateRef: z =>
          z.string().max(253).describe('The template (template:ns/name).'),
        allBehind: z =>
          z
            .boolean()
            .optional()
            .describe('Every component of the template that is behind.'),
        entityRefs: z =>
          z
            .array(z.string().max(253))
            .max(MAX_COMPONENTS)
            .optional()
            .describe('The components to upgrade (instead of allBehind).'),
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
            .describe('Answers to questions the new version asks.'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(86_400)
            .optional()
            .describe('How long to follow the run (default 900 s).'),
      },
      output: {
        runId: z =>
          z.string().describe('The run, for GET /v1/upgrade-runs/{id}.'),
        total: z => z.number().describe('Components in the run.'),
        outcomes: z =>
          z
            .record(z.string(), z.number())
            .describe(
              'Components by outcome: opened, updated, up-to-date, blocked, failed.',
            ),
        stopped: z =>
          z
            .array(
              z.object({ entityRef: z.string(), error: z.string().nullable() }),
            )
            .describe('The components that were stopped, with why.'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      assertEntityRef(input.templateRef, 'templateRef');
      const template = parseEntityRef(input.templateRef, {
        defaultKind: 'template',
      });
      if (template.kind.toLocaleLowerCase('en-US') !== 'template') {
        throw new InputError('templateRef must name a Template entity');
      }
      if (!input.allBehind === !input.entityRefs?.length) {
        throw new InputError('give either allBehind: true or entityRefs');
      }
      const entityRefs = input.entityRefs?.map(ref => {
        assertEntityRef(ref, 'entityRefs');
        return stringifyEntityRef(
          parseEntityRef(ref, { defaultKind: 'component' }),
        );
      });
      const call = (
        path: string,
        init: { method?: string; body?: unknown } = {},
      ) =>
        callPostureService(options, ctx, path, { ...init, signal: ctx.signal });

      let run = await call(
        `/v1/templates/${encodeURIComponent(
          template.namespace,
        )}/${encodeURIComponent(template.name)}/upgrade-runs`,
        {
          method: 'POST',
          body: {
            ...(input.allBehind ? { allBehind: true } : { entityRefs }),
            ...(input.targetVersion
              ? { targetVersion: input.targetVersion }
              : {}),
            ...(input.answers ? { answers: input.answers } : {}),
          },
        },
      );
      ctx.logger.info(
        `Run ${run.id}: ${run.total} component(s) of ${run.templateRef} queued`,
      );
      ctx.output('runId', run.id);
      ctx.output('total', run.total);

      const deadline = Date.now() + (input.timeoutSeconds ?? 900) * 1000;
      const pollMs = options.pollMs ?? 2000;
      let reported = -1;
      for (;;) {
        run = (
          await call(`/v1/upgrade-runs/${encodeURIComponent(run.id)}?limit=1`)
        ).run;
        if (run.done !== reported) {
          reported = run.done;
          ctx.logger.info(`Run ${run.id}: ${run.done}/${run.total} done`);
        }
        if (run.state === 'done') break;
        if (Date.now() > deadline) {
          throw new InputError(
            `stopped following run ${run.id} after ${
              input.timeoutSeconds ?? 900
            } s (${run.done}/${run.total} done); it goes on in the background`,
          );
        }
        await new Promise(r => setTimeout(r, pollMs));
      }

      const stopped: { entityRef: string; error: string | null }[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await call(
          `/v1/upgrade-runs/${encodeURIComponent(run.id)}?limit=500${
            cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
          }`,
        );
        for (const job of page.items) {
          if (job.outcome === 'failed' || job.outcome === 'blocked') {
            stopped.push({ entityRef: job.entityRef, error: job.error });
          }
        }
        cursor = page.nextCursor;
      } while (cursor);
      ctx.output('outcomes', run.outcomes);
      ctx.output('stopped', stopped);
      if (stopped.length > 0) {
        throw new InputError(
          `${stopped.length} of ${
            run.total
          } component(s) were not upgraded: ${stopped
            .slice(0, 5)
            .map(s => `${s.entityRef} (${s.error})`)
            .join('; ')}`,
        );
      }
    },
  });
}
