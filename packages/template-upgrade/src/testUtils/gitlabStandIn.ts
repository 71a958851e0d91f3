import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { blobId, sha1 } from './blobId';

/**
 * A stand-in for the part of GitLab's REST API (v4) an upgrade uses (branches, tree, blobs,
 * commits with actions, merge requests), keeping each commit's files in memory. The real GitLab
 * cannot be reached from these machines; this checks the requests against the documented
 * contract, including its refusals (creating a file that exists, a branch that exists without
 * `force`).
 *
 * @public
 */
export async function gitlabStandIn(token: string) {
  const blobs = new Map<string, Buffer>();
  const commits = new Map<
    string,
    {
      files: Map<string, Buffer>;
      author_name: string;
      author_email: string;
      message: string;
    }
  >();
  const branches = new Map<string, string>();
  const mergeRequests: {
    iid: number;
    source_branch: string;
    target_branch: string;
    title: string;
    description: string;
    web_url: string;
  }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', c => (raw += c));
    req.on('end', () => {
      const send = (status: number, json?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(json === undefined ? '' : JSON.stringify(json));
      };
      // GitLab takes a personal access token in either header
      if (
        req.headers['private-token'] !== token &&
        req.headers.authorization !== `Bearer ${token}`
      ) {
        return send(401, { message: '401 Unauthorized' });
      }
      const url = new URL(req.url!, 'http://x');
      const prefix = '/api/v4/projects/acme%2Fpayments%2Forders-api';
      if (!url.pathname.startsWith(prefix)) {
        return send(404, { message: '404 Project Not Found' });
      }
      const apiPath = url.pathname.slice(prefix.length);
      const body = raw ? JSON.parse(raw) : undefined;
      const route = (method: string, pattern: RegExp) =>
        req.method === method ? pattern.exec(apiPath) : null;
      const branch = route('GET', /^\/repository\/branches\/(.+)$/);
      if (branch) {
        const id = branches.get(decodeURIComponent(branch[1]));
        return id
          ? send(200, { commit: { id } })
          : send(404, { message: '404 Branch Not Found' });
      }
      if (req.method === 'GET' && apiPath === '/repository/tree') {
        const commit = commits.get(url.searchParams.get('ref')!);
        if (!commit) return send(404, { message: '404 Tree Not Found' });
        const all = [...commit.files].map(([p, c]) => ({
          path: p,
          type: 'blob',
          id: blobId(c),
        }));
        const perPage = Number(url.searchParams.get('per_page'));
        const page = Number(url.searchParams.get('page'));
        const next = page * perPage < all.length ? String(page + 1) : '';
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-next-page': next,
        });
        return res.end(
          JSON.stringify(all.slice((page - 1) * perPage, page * perPage)),
        );
      }
      const blob = route('GET', /^\/repository\/blobs\/(\w+)\/raw$/);
      if (blob) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(blobs.get(blob[1]));
      }
      const commit = route('GET', /^\/repository\/commits\/(\w+)$/);
      if (commit) {
        const c = commits.get(commit[1]);
        return c
          ? send(200, {
              id: commit[1],
              author_name: c.author_name,
              author_email: c.author_email,
              message: c.message,
            })
          : send(404, { message: '404 Commit Not Found' });
      }
      if (req.method === 'POST' && apiPath === '/repository/commits') {
        const existing = branches.get(body.branch);
        if (existing && body.start_sha && !body.force) {
          return send(400, {
            message: `A branch called '${body.branch}' already exists. Switch to that branch in order to make changes`,
          });
        }
        const start = body.start_sha ?? existing;
        const files = new Map(start ? commits.get(start)!.files : []);
        for (const action of body.actions) {
          const has = files.has(action.file_path);
          if (action.action === 'create' && has) {
            return send(400, {
              message: 'A file with this name already exists',
            });
          }
          if (
            (action.action === 'update' || action.action === 'delete') &&
            !has
          ) {
            return send(400, {
              message: "A file with this name doesn't exist",
            });
          }
          if (action.action === 'delete') files.delete(action.file_path);
          else {
            const content = Buffer.from(action.content, action.encoding);
            blobs.set(blobId(content), content);
            files.set(action.file_path, content);
          }
        }
        const id = sha1(`${commits.size}${raw}`);
        commits.set(id, {
          files,
          author_name: body.author_name,
          author_email: body.author_email,
          message: body.commit_message,
        });
        branches.set(body.branch, id);
        return send(201, { id });
      }
      if (req.method === 'GET' && apiPath === '/merge_requests') {
        return send(
          200,
          mergeRequests.filter(
            m =>
              m.source_branch === url.searchParams.get('source_branch') &&
              m.target_branch === url.searchParams.get('target_branch'),
          ),
        );
      }
      if (req.method === 'POST' && apiPath === '/merge_requests') {
        const mr = {
          iid: mergeRequests.length + 1,
          ...body,
          web_url: `https://gitlab.example/acme/payments/orders-api/-/merge_requests/${
            mergeRequests.length + 1
          }`,
        };
        mergeRequests.push(mr);
        return send(201, mr);
      }
      const update = route('PUT', /^\/merge_requests\/(\d+)$/);
      if (update) {
        Object.assign(mergeRequests[Number(update[1]) - 1], body);
        return send(200, mergeRequests[Number(update[1]) - 1]);
      }
      return send(404, {
        message: `not in the stand-in: ${req.method} ${apiPath}`,
      });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBaseUrl: `http://127.0.0.1:${port}/api/v4`,
    branches,
    mergeRequests,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}
