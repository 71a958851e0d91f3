import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

import { rootRouteRef } from './routes';

export const page = PageBlueprint.make({
  params: {
    path: '/security-posture',
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TodoPage').then(m => (
        <m.TodoPage />
      )),
  },
});

export const securityPosturePlugin = createFrontendPlugin({
  pluginId: 'security-posture',
  extensions: [page],
  routes: {
    root: rootRouteRef,
  }
});
