import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_POSTURE_ENABLED } from '@golden-path/plugin-security-posture-common';

/**
 * Whether the security posture card and tab apply to an entity: every Component, unless it is
 * annotated `golden-path.dev/security-posture: "false"`.
 *
 * @public
 */
export function isSecurityPostureAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    entity.metadata.annotations?.[ANNOTATION_POSTURE_ENABLED] !== 'false'
  );
}
