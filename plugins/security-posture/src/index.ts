/**
 * Security posture for Backstage: the component card, the Security and Dependencies tabs, the lead's scorecard
 * page, the zero-day, campaigns and evidence pages and the platform engineer's templates page (legacy frontend system). The new frontend system's plugin is the default export of
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
  EntityDependenciesContent,
  SecurityScorecardPage,
  GoldenPathTemplatesPage,
  SecurityAffectedPage,
  SecurityCampaignsPage,
  SecurityEvidencePage,
} from './plugin';
export type { EntitySecurityPostureCardProps } from './components/EntitySecurityPostureCard';
export type { EntitySecurityPostureContentProps } from './components/EntitySecurityPostureContent';
export {
  affectedRouteRef,
  campaignsRouteRef,
  evidenceRouteRef,
  dependenciesRouteRef,
  entityContentRouteRef,
  scorecardRouteRef,
  templatesRouteRef,
} from './routes';
export { securityPostureTranslationRef } from './translation';
