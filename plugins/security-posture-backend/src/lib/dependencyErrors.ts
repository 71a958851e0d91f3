import { ResponseError } from '@backstage/errors';
import { SOCKET_CODES } from './databaseErrors';

/** The plugin id of a Backstage backend URL (`.../api/<pluginId>/...`), when it has one. */
function pluginOf(url: string | undefined): string | undefined {
  return url ? /\/api\/([a-z0-9-]+)(\/|$|\?)/i.exec(url)?.[1] : undefined;
}

/**
 * Whether an error says that another Backstage plugin this one calls (the catalog, the permission
 * backend) is not there or not answering, rather than that the request was wrong: its route is
 * missing from the backend (404 on a list or decision endpoint, whose clients answer a missing
 * entity with `undefined`, not an error), it answered 502-504, or its host refused the
 * connection. The plugin answers those with 503 naming the plugin, never a 500 with a stack.
 *
 * @internal
 */
export function unavailableService(
  error: unknown,
): { plugin: string; reason: string } | undefined {
  if (ResponseError.is(error)) {
    const status = error.statusCode;
    if (status === 404 || (status >= 502 && status <= 504)) {
      return {
        plugin: pluginOf(error.response.url) ?? 'a Backstage service',
        reason: `${status} ${error.statusText}`.trim(),
      };
    }
    return undefined;
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const cause = (error as { cause?: { code?: string; message?: string } })
      .cause;
    if (cause?.code && SOCKET_CODES.has(cause.code)) {
      return { plugin: 'a Backstage service', reason: cause.code };
    }
  }
  return undefined;
}

/** A failure of another service in a few words, for a log line (never a stack). @internal */
export function describeServiceFailure(error: unknown): string {
  const unavailable = unavailableService(error);
  if (unavailable) return unavailable.reason;
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}
