import { usePermission } from '@backstage/plugin-permission-react';
import { securityPostureReadPermission } from '@golden-path/plugin-security-posture-common';

/**
 * Whether the signed-in user may read the posture and findings of a component, asked of the
 * permission framework before any request to the posture API.
 */
export function useCanReadPosture(entityRef: string): {
  loading: boolean;
  allowed: boolean;
} {
  const { loading, allowed } = usePermission({
    permission: securityPostureReadPermission,
    resourceRef: entityRef,
  });
  return { loading, allowed };
}
