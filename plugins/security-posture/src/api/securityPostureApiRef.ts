import { createApiRef } from '@backstage/core-plugin-api';
import { SecurityPostureApi } from '@golden-path/plugin-security-posture-common';

/**
 * The security-posture API as the frontend uses it: a {@link @golden-path/plugin-security-posture-common#SecurityPostureClient}
 * by default, built from the app's `discoveryApi` and `fetchApi`.
 *
 * @public
 */
export const securityPostureApiRef = createApiRef<SecurityPostureApi>({
  id: 'plugin.security-posture.service',
});
