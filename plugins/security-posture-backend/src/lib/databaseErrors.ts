/**
 * Whether an error says the database is out of reach for now (a connection refused, reset or
 * terminated, the server shutting down or refusing connections, the pool out of connections, a
 * busy SQLite file) rather than that the request was wrong: the plugin answers those with 503 and
 * `Retry-After`, never a 500 carrying the driver's words.
 */

/** PostgreSQL SQLSTATEs of an unavailable server (class 08, and 57P01-57P03, 53300). */
const PG_UNAVAILABLE = /^(08\d{3}|57P0[123]|53300)$/;
/** Node's socket errors (and undici's, as a failed `fetch` carries them in its cause). @internal */
export const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** @internal */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: string; code?: string; message?: string };
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.code === 'string') {
    if (PG_UNAVAILABLE.test(e.code) || SOCKET_CODES.has(e.code)) return true;
    if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED') return true;
  }
  return /Connection terminated|connection is closed|Client has encountered a connection error/i.test(
    e.message ?? '',
  );
}
