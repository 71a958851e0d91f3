/**
 * The security-posture plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */

import ShieldIcon from '@mui/icons-material/Shield';
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
      import('./components/SecurityScorecardPage').then(m => (
        <m.SecurityScorecardContent />
      )),
  },
});

// Extension point for the templates page (template versions, adoption and upgrades), which
// arrives with a later issue: add it here as `securityTemplatesPage`, a
// `PageBlueprint.make({ name: 'templates', params: { path: '/security-templates', ... } })`,
// with its own route ref under `routes.templates`, and list it in `extensions` below.

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
    securityScorecardPage,
  ],
  routes: {
    scorecard: securityScorecardRouteRef,
  },
});
