import { useApi } from '@backstage/core-plugin-api';
import { FindingsQuery } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { useCursorPages } from '../common/useCursorPages';

/** The filters and sort of the findings table; the cursor is kept by the hook. */
export type FindingsView = Omit<FindingsQuery, 'cursor' | 'limit'>;

/** How many findings one page shows. */
const PAGE_SIZE = 25;

/**
 * One page of a component's findings, paged by the server's cursor (previous returns to the
 * exact page it came from; a new view starts at the first page); nothing is requested until
 * `enabled` (the user may read the component).
 */
export function useFindingsPage(
  entityRef: string,
  enabled: boolean,
  view: FindingsView,
) {
  const api = useApi(securityPostureApiRef);
  return useCursorPages(
    (v: FindingsView, cursor) =>
      api.listFindings(entityRef, { ...v, limit: PAGE_SIZE, cursor }),
    entityRef,
    enabled,
    view,
  );
}
