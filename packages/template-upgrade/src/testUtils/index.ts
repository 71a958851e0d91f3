/** Test fixtures: node-service 1.0.0 and 1.1.0, a generated service, local bare repositories. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FileTree, readTemplateDirectory, TemplateVersion } from '../content';
import { LocalGitRepository } from '../git';
import { newRepositoryFiles } from '../provenance';

/** The monorepo root (the folder with templates/ and examples/template-versions/). */
export function repoRoot(): string {
  let dir = process.cwd();
  while (!fs.existsSync(path.join(dir, 'examples', 'template-versions'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('examples/template-versions not found');
    dir = parent;
  }
  return dir;
}

const REF = 'template:default/node-service';

/** node-service as published at 1.0.0 (the archive) and the current 1.1.0 (templates/). */
export async function nodeServiceVersions(): Promise<{
  v1: TemplateVersion;
  v2: TemplateVersion;
}> {
  const root = repoRoot();
  return {
    v1: await readTemplateDirectory(
      REF,
      path.join(root, 'examples', 'template-versions', 'node-service-1.0.0'),
    ),
    v2: await readTemplateDirectory(
      REF,
      path.join(root, 'templates', 'node-service'),
    ),
  };
}

export const ANSWERS = {
  name: 'orders-api',
  owner: 'group:default/payments-team',
  system: 'payments',
  tier: 2,
  lifecycle: 'production',
};

/** What the scaffolder writes at creation: the rendered skeleton, catalog-info and provenance. */
export async function generatedService(
  version: TemplateVersion,
  answers: Record<string, unknown> = ANSWERS,
): Promise<FileTree> {
  return newRepositoryFiles({ version, answers });
}

/** A new local bare repository whose main branch holds `files` (one commit). */
export async function bareRepository(
  files: FileTree,
  name = 'orders-api',
  root?: string,
): Promise<{ repository: LocalGitRepository; gitdir: string; commit: string }> {
  const dir = root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-repo-'));
  const gitdir = path.join(dir, `${name}.git`);
  const repository = await LocalGitRepository.initialize(gitdir, name);
  const commit = await repository.writeBranch({
    branch: 'main',
    files,
    message: 'Initial commit from the golden-path template',
    author: {
      name: 'Golden Path Scaffolder',
      email: 'scaffolder@golden-path.invalid',
    },
  });
  return { repository, gitdir, commit };
}

/** Edits a text file of a tree with a function (throws when the file is missing). */
export function edit(
  files: FileTree,
  file: string,
  change: (text: string) => string,
) {
  const content = files.get(file);
  if (!content) throw new Error(`no ${file}`);
  const next = change(content.toString('utf8'));
  if (next === content.toString('utf8'))
    throw new Error(`edit of ${file} changed nothing`);
  files.set(file, Buffer.from(next));
}

const sha1 = (data: Buffer | string) =>
  crypto.createHash('sha1').update(data).digest('hex');

/** A blob's id as git computes it (written here again on purpose: the stand-ins check the client's). */
const blobId = (content: Buffer) =>
  sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));

/**
 * A stand-in for the part of GitHub's REST API an upgrade uses (git data and pulls), keeping
 * objects in memory the way GitHub does (blob ids are git's). The real GitHub cannot be reached
 * from these machines; this checks the requests against the documented contract.
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

/**
 * A stand-in for the part of GitLab's REST API (v4) an upgrade uses (branches, tree, blobs,
 * commits with actions, merge requests), keeping each commit's files in memory. The real GitLab
 * cannot be reached from these machines; this checks the requests against the documented
 * contract, including its refusals (creating a file that exists, a branch that exists without
 * `force`).
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
