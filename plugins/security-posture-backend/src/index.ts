/**
 * The security-posture backend plugin of Golden Path Security: scanner reports in, deduplicated
 * per-component findings and posture out.
 *
 * @packageDocumentation
 */
export { securityPosturePlugin as default } from './plugin';
