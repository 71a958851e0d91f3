import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { Enrollment } from '@golden-path/plugin-security-posture-common';
import { examples } from './postureEnroll.examples';
import { assertEntityRef } from './validation';
import {
  FINDING_KINDS,
  FindingKind,
} from '@golden-path/plugin-security-posture-common';

/** How long the posture backend may take to answer, in milliseconds. */
const ENROLL_TIMEOUT_MS = 15_000;

/**
 * Options of {@link createPostureEnrollAction}.
 *
 * @public
 */
export interface PostureEnrollActionOptions {
  discovery: DiscoveryService;
  auth: AuthService;
}

/**
 * The body of `POST /v1/components` on the security-posture backend: the shared OpenAPI
 * contract's `Enrollment`, with every field this action always sends.
 *
 * @public
 */
export type EnrollComponentRequest = Required<Enrollment>;

/** A short, single-line excerpt of an error body (never the request, never a token). */
async function excerpt(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const json = JSON.parse(text);
    const message = json?.error?.message ?? json?.message;
    if (typeof message === 'string') return message.slice(0, 300);
  } catch {
    // not JSON
  }
  return text.replace(/\s+/g, ' ').slice(0, 300);
}

/**
 * Creates `goldenpath:posture:enroll`: registers the new component with the security-posture
 * backend (tier, lifecycle, expected scanners, template ref and version) with a
 * plugin-to-plugin token.
 *
 * @public
 */
export function createPostureEnrollAction(options: PostureEnrollActionOptions) {
  return createTemplateAction({
    id: 'goldenpath:posture:enroll',
    description:
      'Enrolls the new component in the security-posture backend (tier, lifecycle, expected scanners, template ref and version).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string().max(253).describe('Entity ref of the new component.'),
        tier: z =>
          z.number().int().min(1).max(3).describe('Security tier, 1 to 3.'),
        lifecycle: z =>
          z
            .enum(['experimental', 'production', 'deprecated'])
            .describe('Lifecycle of the component.'),
        expectedScanners: z =>
          z
            .array(z.enum(FINDING_KINDS as [FindingKind, ...FindingKind[]]))
            .max(6)
            .describe(
              'Scanner kinds whose reports the component CI uploads (sast, sca, secret, container, iac, repo); they replace the tier defaults in its coverage.',
            ),
        templateRef: z =>
          z.string().max(253).describe('Entity ref of the template.'),
        templateVersion: z =>
          z.string().max(64).describe('Version of the template.'),
      },
      output: {
        enrolled: z =>
          z
            .boolean()
            .describe('True once the posture backend accepted the component.'),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      assertEntityRef(input.entityRef, 'entityRef');
      assertEntityRef(input.templateRef, 'templateRef');
      for (const kind of input.expectedScanners) {
        if (!FINDING_KINDS.includes(kind)) {
          throw new InputError(
            `expectedScanners has unknown scanner kind '${String(kind).slice(
              0,
              40,
            )}'; known: ${FINDING_KINDS.join(', ')}`,
          );
        }
      }
      const entityRef = stringifyEntityRef(parseEntityRef(input.entityRef));
      if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(input.templateVersion)) {
        throw new InputError('templateVersion is not a semantic version');
      }
      const body: EnrollComponentRequest = {
        entityRef,
        tier: input.tier,
        lifecycle: input.lifecycle,
        expectedScanners: [...new Set(input.expectedScanners)],
        template: {
          ref: stringifyEntityRef(
            parseEntityRef(input.templateRef, { defaultKind: 'template' }),
          ),
          version: input.templateVersion,
        },
      };
      if (ctx.isDryRun) {
        ctx.logger.info(`Would enroll ${entityRef} in the security posture`);
        ctx.output('enrolled', false);
        return;
      }
      await ctx.checkpoint({
        key: `goldenpath.posture.enroll.v1.${entityRef}`,
        fn: async () => {
          const baseUrl = await options.discovery.getBaseUrl(
            'security-posture',
          );
          // on behalf of the person who ran the template: enrollment is a person's action, and
          // the backend refuses the scaffolder's own service credentials for it
          const { token } = await options.auth.getPluginRequestToken({
            onBehalfOf: await ctx.getInitiatorCredentials(),
            targetPluginId: 'security-posture',
          });
          const signal = ctx.signal
            ? AbortSignal.any([
                ctx.signal,
                AbortSignal.timeout(ENROLL_TIMEOUT_MS),
              ])
            : AbortSignal.timeout(ENROLL_TIMEOUT_MS);
          let response: Response;
          try {
            response = await fetch(`${baseUrl}/v1/components`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${token}`,
              },
              body: JSON.stringify(body),
              signal,
              redirect: 'error',
            });
          } catch (e) {
            throw new Error(
              `could not reach the security-posture backend to enroll ${entityRef}: ${
                (e as Error).message
              }`,
            );
          }
          if (!response.ok) {
            throw new Error(
              `the security-posture backend refused to enroll ${entityRef}: HTTP ${
                response.status
              } ${await excerpt(response)}`,
            );
          }
        },
      });
      ctx.logger.info(`Enrolled ${entityRef} in the security posture`);
      ctx.output('enrolled', true);
    },
  });
}
