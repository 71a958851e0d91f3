import { useApi } from '@backstage/core-plugin-api';
import { EntityInventoryQuery } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { useCursorPages } from '../common/useCursorPages';

/** The search and filters of the dependencies table; the cursor is kept by the hook. */
export type InventoryView = Omit<EntityInventoryQuery, 'cursor' | 'limit'>;

/** How many packages one page shows. */
const PAGE_SIZE = 25;

/**
 * One page of a component's dependency inventory, paged by the server's cursor (previous and
 * next; a new view starts at the first page); nothing is requested until `enabled`.
 */
export function useInventoryPage(
  entityRef: string,
  enabled: boolean,
  view: InventoryView,
) {
  const api = useApi(securityPostureApiRef);
  return useCursorPages(
    (v: InventoryView, cursor) =>
      api.listEntityInventory(entityRef, { ...v, limit: PAGE_SIZE, cursor }),
    entityRef,
    enabled,
    view,
  );
}
