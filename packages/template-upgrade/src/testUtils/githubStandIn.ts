import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { blobId, sha1 } from './blobId';

/**
 * A stand-in for the part of GitHub's REST API an upgrade uses (git data and pulls), keeping
 * objects in memory the way GitHub does (blob ids are git's). The real GitHub cannot be reached
 * from these machines; this checks the requests against the documented contract.
 *
 * @public
 */
export async function githubStandIn(token: string) {
  const blobs = new Map<string, Buffer>();
  const trees = new Map<
    string,
    { path: string; mode: string; type: string; sha: string }[]
  >();
  const commits = new Map<
    string,
    { tree: string; parents: string[]; author: any; message: string }
  >();
  const refs = new Map<string, string>();
  const pulls: {
    number: number;
    head: string;
    base: string;
    title: string;
    body: string;
    html_url: string;
  }[] = [];
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', c => (raw += c));
    req.on('end', () => {
      const send = (status: number, json?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(json === undefined ? '' : JSON.stringify(json));
      };
      if (req.headers.authorization !== `Bearer ${token}`)
        return send(401, { message: 'Bad credentials' });
      const url = new URL(req.url!, 'http://x');
      const apiPath = decodeURIComponent(
        url.pathname.replace(/^\/repos\/acme\/orders-api/, ''),
      );
      const body = raw ? JSON.parse(raw) : undefined;
      requests.push(`${req.method} ${apiPath}`);
      const route = (method: string, pattern: RegExp) =>
        req.method === method ? pattern.exec(apiPath) : null;
      const m1 = route('GET', /^\/git\/ref\/heads\/(.+)$/);
      if (m1) {
        const sha = refs.get(m1[1]);
        return sha
          ? send(200, { object: { sha } })
          : send(404, { message: 'Not Found' });
      }
      const m2 = route('GET', /^\/git\/commits\/(\w+)$/);
      if (m2) {
        const c = commits.get(m2[1]);
        return c
          ? send(200, {
              sha: m2[1],
              tree: { sha: c.tree },
              author: c.author,
              message: c.message,
            })
          : send(404);
      }
      const m3 = route('GET', /^\/git\/trees\/(\w+)$/);
      if (m3) {
        return send(200, {
          sha: m3[1],
          truncated: false,
          tree: trees.get(m3[1]),
        });
      }
      const m4 = route('GET', /^\/git\/blobs\/(\w+)$/);
      if (m4) {
        return send(200, {
          content: blobs.get(m4[1])!.toString('base64'),
          encoding: 'base64',
        });
      }
      if (req.method === 'POST' && apiPath === '/git/blobs') {
        const content = Buffer.from(body.content, body.encoding);
        const sha = blobId(content);
        blobs.set(sha, content);
        return send(201, { sha });
      }
      if (req.method === 'POST' && apiPath === '/git/trees') {
        if (body.base_tree)
          return send(422, { message: 'this stand-in expects whole trees' });
        const missing = body.tree.find((e: any) => !blobs.has(e.sha));
        if (missing)
          return send(422, {
            message: `tree.sha ${missing.sha} is not a valid blob`,
          });
        const sha = sha1(JSON.stringify(body.tree));
        trees.set(sha, body.tree);
        return send(201, { sha });
      }
      if (req.method === 'POST' && apiPath === '/git/commits') {
        const sha = sha1(JSON.stringify(body) + commits.size);
        commits.set(sha, body);
        return send(201, { sha });
      }
      if (req.method === 'POST' && apiPath === '/git/refs') {
        const branch = body.ref.replace(/^refs\/heads\//, '');
        if (refs.has(branch))
          return send(422, { message: 'Reference already exists' });
        refs.set(branch, body.sha);
        return send(201, { ref: body.ref });
      }
      const m5 = route('PATCH', /^\/git\/refs\/heads\/(.+)$/);
      if (m5) {
        refs.set(m5[1], body.sha);
        return send(200, {});
      }
      if (req.method === 'GET' && apiPath === '/pulls') {
        const head = url.searchParams.get('head')!.replace(/^acme:/, '');
        return send(
          200,
          pulls.filter(
            p => p.head === head && p.base === url.searchParams.get('base'),
          ),
        );
      }
      if (req.method === 'POST' && apiPath === '/pulls') {
        const pull = {
          number: pulls.length + 1,
          ...body,
          html_url: `https://github.example/acme/orders-api/pull/${
            pulls.length + 1
          }`,
        };
        pulls.push(pull);
        return send(201, pull);
      }
      const m6 = route('PATCH', /^\/pulls\/(\d+)$/);
      if (m6) {
        Object.assign(pulls[Number(m6[1]) - 1], body);
        return send(200, pulls[Number(m6[1]) - 1]);
      }
      return send(404, {
        message: `not in the stand-in: ${req.method} ${apiPath}`,
      });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBaseUrl: `http://127.0.0.1:${port}`,
    refs,
    pulls,
    requests,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}
