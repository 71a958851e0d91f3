// @ts-check
import { log } from './log.js';

/** Headers sent with every response. The service only answers JSON, so the policy is strict. */
export const SECURITY_HEADERS = Object.freeze({
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
});

/** Names accepted by /api/hello: letters, digits, space, dot, dash, underscore; at most 64. */
const NAME_PATTERN = /^[\p{L}\p{N} ._-]{1,64}$/u;

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [extraHeaders]
 */
function sendJson(res, status, body, extraHeaders = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extraHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/**
 * @param {URL} url
 * @returns {{ status: number, body: unknown }}
 */
function hello(url) {
  const name = url.searchParams.get('name') ?? 'world';
  if (!NAME_PATTERN.test(name)) {
    return {
      status: 400,
      body: {
        error:
          'name must be 1-64 letters, digits, spaces, dots, dashes or underscores',
      },
    };
  }
  return { status: 200, body: { message: `Hello, ${name}!` } };
}

/**
 * Creates the request handler.
 *
 * @param {{ isReady: () => boolean }} state Readiness, false while the service shuts down.
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function createHandler(state) {
  return (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(
          res,
          405,
          { error: 'method not allowed' },
          { Allow: 'GET, HEAD' },
        );
        return;
      }
      const url = URL.parse(req.url ?? '/', 'http://localhost');
      if (!url) {
        sendJson(res, 400, { error: 'bad request' });
        return;
      }
      switch (url.pathname) {
        case '/healthz':
          sendJson(res, 200, { status: 'ok' });
          return;
        case '/readyz':
          if (state.isReady()) {
            sendJson(res, 200, { status: 'ready' });
          } else {
            sendJson(res, 503, { status: 'shutting down' });
          }
          return;
        case '/api/hello': {
          const result = hello(url);
          sendJson(res, result.status, result.body);
          return;
        }
        default:
          sendJson(res, 404, { error: 'not found' });
      }
    } catch (error) {
      // Details stay in the server log; the client only learns that something failed.
      log('error', 'request failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      if (!res.headersSent) {
        sendJson(res, 500, { error: 'internal error' });
      } else {
        res.destroy();
      }
    }
  };
}
