/**
 * Security posture for Backstage: the component card, the Security tab and the lead's scorecard
 * page (legacy frontend system). The new frontend system's plugin is the default export of
 * `@golden-path/plugin-security-posture/alpha`.
 *
 * @packageDocumentation
 */

export { securityPostureApiRef } from './api';
export { isSecurityPostureAvailable } from './isSecurityPostureAvailable';
export {
  securityPosturePlugin,
  EntitySecurityPostureCard,
  EntitySecurityPostureContent,
  SecurityScorecardPage,
} from './plugin';
export type { EntitySecurityPostureCardProps } from './components/EntitySecurityPostureCard';
export type { EntitySecurityPostureContentProps } from './components/EntitySecurityPostureContent';
export { entityContentRouteRef, scorecardRouteRef } from './routes';
export { securityPostureTranslationRef } from './translation';
