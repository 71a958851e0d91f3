// @ts-check
import { createServer } from 'node:http';
import { createHandler } from './app.js';
import { loadConfig } from './config.js';
import { log } from './log.js';

/**
 * Starts the HTTP server and wires graceful shutdown on SIGTERM and SIGINT.
 *
 * @param {import('./config.js').Config} config
 * @returns {import('node:http').Server}
 */
export function start(config) {
  let ready = true;
  const server = createServer(
    {
      requestTimeout: 30000,
      headersTimeout: 10000,
      maxHeaderSize: 16384,
    },
    createHandler({ isReady: () => ready }),
  );
  // A client error (bad request line, oversized header) gets a bare 400 without details.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) {
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
    } else {
      socket.destroy();
    }
  });

  const shutdown = (/** @type {string} */ signal) => {
    if (!ready) {
      return;
    }
    ready = false;
    log('info', 'shutting down', { signal });
    const timer = setTimeout(() => {
      log('warn', 'shutdown timed out, closing open connections');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    timer.unref();
    server.close(() => {
      log('info', 'stopped');
      process.exitCode = 0;
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port =
      typeof address === 'object' && address ? address.port : config.port;
    log('info', 'listening', { port });
  });
  return server;
}

try {
  start(loadConfig(process.env));
} catch (error) {
  log('error', 'cannot start', {
    error: error instanceof Error ? error.message : String(error),
  });
  process.exitCode = 1;
}
