import { useCallback, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * One page of a list the server pages by cursor: the hook keeps the cursors of the pages before
 * the current one, so "previous" returns to the exact page it came from. Changing the view (its
 * filters, as JSON) starts again at the first page. Nothing is requested until `enabled`.
 * `fetchPage` is called with the view and the cursor; `source` names what it reads (a change
 * requests again).
 */
export function useCursorPages<V, P extends { nextCursor?: string | null }>(
  fetchPage: (view: V, cursor: string | undefined) => Promise<P>,
  source: string,
  enabled: boolean,
  view: V,
) {
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
      enabled ? fetchPage(JSON.parse(viewKey) as V, cursor) : undefined,
    // fetchPage is the caller's closure over `source`
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [source, enabled, viewKey, cursor],
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
