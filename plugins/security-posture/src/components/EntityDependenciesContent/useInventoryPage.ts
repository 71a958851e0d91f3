import { useCallback, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { EntityInventoryQuery } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';

/** The search and filters of the dependencies table; the cursor is kept by the hook. */
export type InventoryView = Omit<EntityInventoryQuery, 'cursor' | 'limit'>;

/** How many packages one page shows. */
const PAGE_SIZE = 25;

/**
 * One page of a component's dependency inventory, paged by the server's cursor: the hook keeps
 * the cursors of the pages before the current one, so "previous" returns to the exact page it
 * came from. Changing the view starts again at the first page. Nothing is requested until
 * `enabled` (the user may read the component).
 */
export function useInventoryPage(
  entityRef: string,
  enabled: boolean,
  view: InventoryView,
) {
  const api = useApi(securityPostureApiRef);
  const viewKey = JSON.stringify(view);
  const [pages, setPages] = useState<{ viewKey: string; cursors: string[] }>({
    viewKey,
    cursors: [],
  });
  // a new view resets the stack during render, so no request is made for a stale cursor
  const cursors = pages.viewKey === viewKey ? pages.cursors : [];
  if (pages.viewKey !== viewKey) {
    setPages({ viewKey, cursors: [] });
  }
  const cursor = cursors[cursors.length - 1];

  const state = useAsyncRetry(
    async () =>
      enabled
        ? api.listEntityInventory(entityRef, {
            ...(JSON.parse(viewKey) as InventoryView),
            limit: PAGE_SIZE,
            cursor,
          })
        : undefined,
    [api, entityRef, enabled, viewKey, cursor],
  );

  const nextCursor = state.value?.nextCursor ?? undefined;
  const next = useCallback(() => {
    if (nextCursor) {
      setPages(p =>
        // a second click before the next page arrives must not skip a page
        p.cursors[p.cursors.length - 1] === nextCursor
          ? p
          : { viewKey: p.viewKey, cursors: [...p.cursors, nextCursor] },
      );
    }
  }, [nextCursor]);
  const previous = useCallback(() => {
    setPages(p => ({ viewKey: p.viewKey, cursors: p.cursors.slice(0, -1) }));
  }, []);

  return useMemo(
    () => ({
      ...state,
      page: cursors.length + 1,
      hasNext: Boolean(nextCursor),
      hasPrevious: cursors.length > 0,
      next,
      previous,
    }),
    [state, cursors.length, nextCursor, next, previous],
  );
}
