import useAsync from 'react-use/esm/useAsync';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';

/**
 * The entity refs the signed-in user claims ownership through (their user and their groups),
 * or an empty set while loading or when unknown.
 */
export function useMyOwnershipRefs(): { loading: boolean; refs: Set<string> } {
  const identityApi = useApi(identityApiRef);
  const { value, loading } = useAsync(async () => {
    const identity = await identityApi.getBackstageIdentity();
    return new Set(
      identity.ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US')),
    );
  }, [identityApi]);
  return { loading, refs: value ?? new Set() };
}
