/**
 * The security-posture plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */

import AccountTreeIcon from '@mui/icons-material/AccountTree';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import FlagIcon from '@mui/icons-material/Flag';
import ShieldIcon from '@mui/icons-material/Shield';
import TravelExploreIcon from '@mui/icons-material/TravelExplore';
import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { SecurityPostureClient } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from './api';
import { isSecurityPostureAvailable } from './isSecurityPostureAvailable';
import { optionalStringSchema } from './optionalStringSchema';

/**
 * The security-posture API, a `SecurityPostureClient` on the app's discovery and fetch APIs.
 *
 * @alpha
 */
export const securityPostureApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: securityPostureApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityPostureClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The security posture card on a component's overview (`entity-card:security-posture`).
 * Config: `docsUrl`, where the "awaiting first scan" state links to.
 *
 * @alpha
 */
export const securityPostureEntityCard = EntityCardBlueprint.makeWithOverrides({
  configSchema: {
    docsUrl: optionalStringSchema,
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isSecurityPostureAvailable,
      // beside the About card, where it is seen without scrolling
      type: 'info',
      loader: () =>
        import('./components/EntitySecurityPostureCard').then(m => (
          <m.EntitySecurityPostureCard docsUrl={config.docsUrl} />
        )),
    });
  },
});

/**
 * The Security tab of a component (`entity-content:security-posture`, path `/security`).
 * Config: `docsUrl`, as for the card.
 *
 * @alpha
 */
export const securityPostureEntityContent =
  EntityContentBlueprint.makeWithOverrides({
    configSchema: {
      docsUrl: optionalStringSchema,
    },
    factory(originalFactory, { config }) {
      return originalFactory({
        path: '/security',
        title: 'Security',
        filter: isSecurityPostureAvailable,
        loader: () =>
          import('./components/EntitySecurityPostureContent').then(m => (
            <m.EntitySecurityPostureContent docsUrl={config.docsUrl} />
          )),
      });
    },
  });

/**
 * The Dependencies tab of a component (`entity-content:security-posture/dependencies`, path
 * `/dependencies`): its dependency inventory with licences, direct/transitive and the open
 * findings of each package. Shown for the same entities as the Security tab.
 *
 * @alpha
 */
export const securityPostureDependenciesContent = EntityContentBlueprint.make({
  name: 'dependencies',
  params: {
    path: '/dependencies',
    title: 'Dependencies',
    filter: isSecurityPostureAvailable,
    loader: () =>
      import('./components/EntityDependenciesContent').then(m => (
        <m.EntityDependenciesContent />
      )),
  },
});

/**
 * The route of the security scorecard page (new frontend system).
 *
 * @alpha
 */
export const securityScorecardRouteRef = createRouteRef();

/**
 * The lead's security scorecard (`page:security-posture`, path `/security-scorecard`), with a
 * navigation item titled "Security scorecard".
 *
 * @alpha
 */
export const securityScorecardPage = PageBlueprint.make({
  params: {
    path: '/security-scorecard',
    routeRef: securityScorecardRouteRef,
    title: 'Security scorecard',
    icon: <ShieldIcon fontSize="inherit" />,
    loader: () =>
      import('./components/SecurityScorecardPage').then(
        ({ SecurityScorecardContent }) => <SecurityScorecardContent />,
      ),
  },
});

/**
 * The route of the golden-path templates page (new frontend system).
 *
 * @alpha
 */
export const goldenPathTemplatesRouteRef = createRouteRef();

/**
 * The platform engineer's golden-path templates page (`page:security-posture/templates`, path
 * `/golden-path-templates`), with a navigation item titled "Golden-path templates": versions and
 * changelogs, components per version, and the components made from each template.
 *
 * @alpha
 */
export const goldenPathTemplatesPage = PageBlueprint.make({
  name: 'templates',
  params: {
    path: '/golden-path-templates',
    routeRef: goldenPathTemplatesRouteRef,
    title: 'Golden-path templates',
    icon: <AccountTreeIcon fontSize="inherit" />,
    loader: () =>
      import('./components/GoldenPathTemplatesPage').then(
        ({ GoldenPathTemplatesContent }) => <GoldenPathTemplatesContent />,
      ),
  },
});

/**
 * The route of the zero-day page (new frontend system).
 *
 * @alpha
 */
export const securityAffectedRouteRef = createRouteRef();

/**
 * The lead's zero-day page, "Who is affected?" (`page:security-posture/affected`, path
 * `/security-affected`, the link its notifications carry), with a navigation item: an advisory or
 * a package and range, answered with the affected components by team.
 *
 * @alpha
 */
export const securityAffectedPage = PageBlueprint.make({
  name: 'affected',
  params: {
    path: '/security-affected',
    routeRef: securityAffectedRouteRef,
    title: 'Who is affected?',
    icon: <TravelExploreIcon fontSize="inherit" />,
    loader: () =>
      import('./components/AffectedPage').then(
        ({ SecurityAffectedContent }) => <SecurityAffectedContent />,
      ),
  },
});

/**
 * The route of the campaigns page (new frontend system).
 *
 * @alpha
 */
export const securityCampaignsRouteRef = createRouteRef();

/**
 * The campaigns page (`page:security-posture/campaigns`, path `/security-campaigns`, the link its
 * notifications and the component card carry), with a navigation item: every campaign with its
 * progress, and one campaign's burn-down, teams and components at `/security-campaigns/<id>`.
 *
 * @alpha
 */
export const securityCampaignsPage = PageBlueprint.make({
  name: 'campaigns',
  params: {
    path: '/security-campaigns',
    routeRef: securityCampaignsRouteRef,
    title: 'Security campaigns',
    icon: <FlagIcon fontSize="inherit" />,
    loader: () =>
      import('./components/CampaignsPage').then(
        ({ SecurityCampaignsContent }) => <SecurityCampaignsContent />,
      ),
  },
});

/**
 * The route of the compliance evidence page (new frontend system).
 *
 * @alpha
 */
export const securityEvidenceRouteRef = createRouteRef();

/**
 * The compliance evidence page (`page:security-posture/evidence`, path `/security-evidence`),
 * with a navigation item: per SOC 2 / ISO 27001 control, the policies, components' daily
 * pass/fail, exceptions and audit events of a period, exported as JSON, CSV or printable HTML.
 *
 * @alpha
 */
export const securityEvidencePage = PageBlueprint.make({
  name: 'evidence',
  params: {
    path: '/security-evidence',
    routeRef: securityEvidenceRouteRef,
    title: 'Compliance evidence',
    icon: <FactCheckIcon fontSize="inherit" />,
    loader: () =>
      import('./components/EvidencePage').then(
        ({ SecurityEvidenceContent }) => <SecurityEvidenceContent />,
      ),
  },
});

/**
 * The security-posture plugin (new frontend system).
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'security-posture',
  extensions: [
    securityPostureApi,
    securityPostureEntityCard,
    securityPostureEntityContent,
    securityPostureDependenciesContent,
    securityScorecardPage,
    goldenPathTemplatesPage,
    securityAffectedPage,
    securityCampaignsPage,
    securityEvidencePage,
  ],
  routes: {
    scorecard: securityScorecardRouteRef,
    templates: goldenPathTemplatesRouteRef,
    affected: securityAffectedRouteRef,
    campaigns: securityCampaignsRouteRef,
    evidence: securityEvidenceRouteRef,
  },
});
