import useAsync from 'react-use/esm/useAsync';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  securityPostureExceptionApprovePermission,
  securityPostureExceptionRequestPermission,
} from '@golden-path/plugin-security-posture-common';

/**
 * What the signed-in user may do with the exceptions of a component, asked of the permission
 * framework: request them (owners and admins in the demo policy), decide them (approvers), and
 * who they are (nobody decides their own request; the backend refuses it too).
 */
export function useExceptionPermissions(entityRef: string): {
  loading: boolean;
  canRequest: boolean;
  canApprove: boolean;
  userEntityRef: string | undefined;
} {
  const request = usePermission({
    permission: securityPostureExceptionRequestPermission,
    resourceRef: entityRef,
  });
  const approve = usePermission({
    permission: securityPostureExceptionApprovePermission,
  });
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  return {
    loading: request.loading || approve.loading || identity.loading,
    canRequest: request.allowed,
    canApprove: approve.allowed,
    userEntityRef: identity.value,
  };
}
