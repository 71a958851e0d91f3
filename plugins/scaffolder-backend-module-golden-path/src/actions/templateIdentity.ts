import { InputError } from '@backstage/errors';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';

type TemplateInfo = ActionContext<{}>['templateInfo'];

/**
 * The annotation on a template entity that carries its semantic version.
 *
 * @public
 */
export const TEMPLATE_VERSION_ANNOTATION = 'golden-path.dev/template-version';

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * Which template (entity ref) and version a task runs, read from the task's template info.
 *
 * @public
 */
export function templateIdentity(templateInfo: TemplateInfo): {
  ref: string;
  version: string;
} {
  const ref = templateInfo?.entityRef;
  if (!ref) {
    throw new InputError('the task carries no template entity reference');
  }
  const version =
    templateInfo?.entity?.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
  if (!version) {
    throw new InputError(
      `template ${ref} has no ${TEMPLATE_VERSION_ANNOTATION} annotation`,
    );
  }
  if (!SEMVER.test(version)) {
    throw new InputError(
      `template ${ref} has a ${TEMPLATE_VERSION_ANNOTATION} that is not a semantic version`,
    );
  }
  return { ref, version };
}
