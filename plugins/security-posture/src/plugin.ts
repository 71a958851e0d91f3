import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SecurityPostureClient } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from './api';
import type { EntitySecurityPostureCardProps } from './components/EntitySecurityPostureCard';
import type { EntitySecurityPostureContentProps } from './components/EntitySecurityPostureContent';
import {
  affectedRouteRef,
  campaignsRouteRef,
  evidenceRouteRef,
  dependenciesRouteRef,
  entityContentRouteRef,
  scorecardRouteRef,
  templatesRouteRef,
} from './routes';

/**
 * The security-posture frontend plugin for the legacy frontend system. The new frontend system
 * uses the default export of `@golden-path/plugin-security-posture/alpha`.
 *
 * @public
 */
export const securityPosturePlugin = createPlugin({
  id: 'security-posture',
  apis: [
    createApiFactory({
      api: securityPostureApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityPostureClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    scorecard: scorecardRouteRef,
    entityContent: entityContentRouteRef,
    dependencies: dependenciesRouteRef,
    templates: templatesRouteRef,
    affected: affectedRouteRef,
    campaigns: campaignsRouteRef,
    evidence: evidenceRouteRef,
  },
});

/**
 * The security posture card for a component's overview page. Show it for entities that pass
 * `isSecurityPostureAvailable`.
 *
 * @public
 */
export const EntitySecurityPostureCard: (
  props: EntitySecurityPostureCardProps,
) => JSX.Element = securityPosturePlugin.provide(
  createComponentExtension({
    name: 'EntitySecurityPostureCard',
    component: {
      lazy: () =>
        import('./components/EntitySecurityPostureCard').then(
          m => m.EntitySecurityPostureCard,
        ),
    },
  }),
);

/**
 * The Security tab of a component: findings, trend and scanner coverage. Show it for entities that
 * pass `isSecurityPostureAvailable`, at the path `security`.
 *
 * @public
 */
export const EntitySecurityPostureContent: (
  props: EntitySecurityPostureContentProps,
) => JSX.Element = securityPosturePlugin.provide(
  createRoutableExtension({
    name: 'EntitySecurityPostureContent',
    component: () =>
      import('./components/EntitySecurityPostureContent').then(
        m => m.EntitySecurityPostureContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * The Dependencies tab of a component: its dependency inventory (SBOMs and scanners' package
 * lists) with search, licence and direct/transitive filters, and the open findings of each
 * package. Show it for entities that pass `isSecurityPostureAvailable`, at the path
 * `dependencies`.
 *
 * @public
 */
export const EntityDependenciesContent: () => JSX.Element =
  securityPosturePlugin.provide(
    createRoutableExtension({
      name: 'EntityDependenciesContent',
      component: () =>
        import('./components/EntityDependenciesContent').then(
          m => m.EntityDependenciesContent,
        ),
      mountPoint: dependenciesRouteRef,
    }),
  );

/**
 * The lead's security scorecard: teams (nested), systems and domains with grades, findings, SLA
 * breaches, MTTR, coverage and trends. Mount it at `/security-scorecard`.
 *
 * @public
 */
export const SecurityScorecardPage: () => JSX.Element =
  securityPosturePlugin.provide(
    createRoutableExtension({
      name: 'SecurityScorecardPage',
      component: () =>
        import('./components/SecurityScorecardPage').then(
          m => m.SecurityScorecardPage,
        ),
      mountPoint: scorecardRouteRef,
    }),
  );

/**
 * The platform engineer's golden-path templates page: each template's versions and changelog,
 * how many components are on each version, and the components made from each template. Mount it at
 * `/golden-path-templates`.
 *
 * @public
 */
export const GoldenPathTemplatesPage: () => JSX.Element =
  securityPosturePlugin.provide(
    createRoutableExtension({
      name: 'GoldenPathTemplatesPage',
      component: () =>
        import('./components/GoldenPathTemplatesPage').then(
          m => m.GoldenPathTemplatesPage,
        ),
      mountPoint: templatesRouteRef,
    }),
  );

/**
 * The lead's zero-day page, "Who is affected?": an advisory id, or a package and a version range,
 * answered with the affected components grouped by team, a chart, CSV export and "notify owners".
 * Mount it at `/security-affected` (the link its notifications carry).
 *
 * @public
 */
export const SecurityAffectedPage: () => JSX.Element =
  securityPosturePlugin.provide(
    createRoutableExtension({
      name: 'SecurityAffectedPage',
      component: () =>
        import('./components/AffectedPage').then(m => m.SecurityAffectedPage),
      mountPoint: affectedRouteRef,
    }),
  );

/**
 * The campaigns page: every campaign with its progress, "new campaign" for those allowed, and
 * one campaign's burn-down, teams and components at `/<id>`. Mount it at `/security-campaigns`
 * (the link its notifications and the component card carry).
 *
 * @public
 */
export const SecurityCampaignsPage: () => JSX.Element =
  securityPosturePlugin.provide(
    createRoutableExtension({
      name: 'SecurityCampaignsPage',
      component: () =>
        import('./components/CampaignsPage').then(m => m.SecurityCampaignsPage),
      mountPoint: campaignsRouteRef,
    }),
  );

/**
 * The compliance evidence page: a period and a scope, a preview per SOC 2 / ISO 27001 control and
 * the export as JSON, CSV or printable HTML. Mount it at `/security-evidence`.
 *
 * @public
 */
export const SecurityEvidencePage: () => JSX.Element =
  securityPosturePlugin.provide(
    createRoutableExtension({
      name: 'SecurityEvidencePage',
      component: () =>
        import('./components/EvidencePage').then(m => m.SecurityEvidencePage),
      mountPoint: evidenceRouteRef,
    }),
  );
