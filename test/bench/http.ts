import http from 'node:http';

/** Status and body text of a response. */
export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * Keep-alive for the latency loops (both APIs get the same connection reuse); the server closes
 * idle sockets after 5 s, so the agent drops its idle ones after 2 s to never reuse a closing one.
 */
const keepAlive = new http.Agent({
  keepAlive: true,
  maxSockets: 1,
  timeout: 2_000,
});

/**
 * One HTTP request with node:http. Reads (GET) reuse a keep-alive socket; writes use a fresh
 * connection, like a CI upload does.
 */
export function request(
  url: string,
  options: {
    method: 'GET' | 'POST';
    headers: Record<string, string>;
    body?: Buffer;
  },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method,
        agent: options.method === 'GET' ? keepAlive : false,
        headers: {
          ...options.headers,
          ...(options.body
            ? { 'Content-Length': String(options.body.length) }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', error =>
      reject(new Error(`${options.method} ${url} failed`, { cause: error })),
    );
    req.end(options.body);
  });
}

/** Closes the idle keep-alive sockets (so the process can exit). */
export function closeIdleSockets(): void {
  keepAlive.destroy();
}
