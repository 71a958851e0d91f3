/**
 * The component's security tier: `1` (critical), `2` (important) or `3` (internal). It decides SLA
 * windows, required scanners and how much the component weighs in roll-ups.
 *
 * @public
 */
export const ANNOTATION_SECURITY_TIER = 'golden-path.dev/security-tier';

/**
 * The template a component was created from, as an entity ref (written by the golden-path
 * templates).
 *
 * @public
 */
export const ANNOTATION_TEMPLATE_REF = 'golden-path.dev/template-ref';

/**
 * The semver of the template a component was created from or last upgraded to.
 *
 * @public
 */
export const ANNOTATION_TEMPLATE_VERSION = 'golden-path.dev/template-version';

/**
 * Set to `"false"` to hide a component from security posture (for example a documentation site).
 *
 * @public
 */
export const ANNOTATION_POSTURE_ENABLED = 'golden-path.dev/security-posture';

/**
 * Security tier of a component.
 *
 * @public
 */
export type SecurityTier = 1 | 2 | 3;

/**
 * Reads the security tier of an entity from its annotations; undefined when absent or invalid.
 *
 * @public
 */
export function readSecurityTier(entity: {
  metadata: { annotations?: Record<string, string> };
}): SecurityTier | undefined {
  const value = entity.metadata.annotations?.[ANNOTATION_SECURITY_TIER];
  if (value === '1' || value === '2' || value === '3') {
    return Number(value) as SecurityTier;
  }
  return undefined;
}
