// @ts-check
// Container HEALTHCHECK for the distroless image, which has no shell or curl:
// exits 0 when GET /healthz on the local port answers 200, 1 otherwise.
import { request } from 'node:http';
import { loadConfig } from './config.js';

const { port } = loadConfig(process.env);
const req = request(
  { host: '127.0.0.1', port, path: '/healthz', method: 'GET', timeout: 2000 },
  res => {
    res.resume();
    process.exitCode = res.statusCode === 200 ? 0 : 1;
  },
);
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', () => {
  process.exitCode = 1;
});
req.end();
