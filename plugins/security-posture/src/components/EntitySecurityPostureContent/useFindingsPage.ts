import { useCallback, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { FindingsQuery } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';

/** The filters and sort of the findings table; the cursor is kept by the hook. */
export type FindingsView = Omit<FindingsQuery, 'cursor' | 'limit'>;

/** How many findings one page shows. */
const PAGE_SIZE = 25;

/**
 * One page of a component's findings, with server-side cursor pagination: the hook keeps the
 * stack of cursors of the pages before the current one, so "previous" returns to the exact page
 * it came from. Changing the view starts again at the first page. Nothing is requested until
 * `enabled` (the user may read the component).
 */
export function useFindingsPage(
  entityRef: string,
  enabled: boolean,
  view: FindingsView,
) {
  const api = useApi(securityPostureApiRef);
  const viewKey = JSON.stringify(view);
  const [pages, setPages] = useState<{ viewKey: string; cursors: string[] }>({
    viewKey,
    cursors: [],
  });
  // A new view resets the stack during render, so no request is made for a stale cursor.
  const cursors = pages.viewKey === viewKey ? pages.cursors : [];
  if (pages.viewKey !== viewKey) {
    setPages({ viewKey, cursors: [] });
  }
  const cursor = cursors[cursors.length - 1];

  const state = useAsyncRetry(
    async () =>
      enabled
        ? api.listFindings(entityRef, {
            ...(JSON.parse(viewKey) as FindingsView),
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
        // A second click before the next page arrives must not skip a page.
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
