import { MAX_REMOTE_FILES, RepositoryApiError } from './git';
import { GithubRepository } from './github';
import { GitlabRepository } from './gitlab';
import { branchInUrl, filesByPath } from './restRepository';

/**
 * A fetch that answers from a table of `METHOD path` to a Response, and records each request.
 * The providers cannot be reached from these machines; this drives the shared REST handling.
 */
function answering(routes: Record<string, () => Response>) {
  const requests: { method: string; url: string; headers: Headers }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    requests.push({
      method,
      url: url.href,
      headers: new Headers(init?.headers),
    });
    const route = routes[`${method} ${url.pathname}`];
    return route ? route() : new Response('', { status: 404 });
  }) as typeof fetch;
  return { fetch: fetchFn, requests };
}

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json' },
  });

const github = (fetchFn: typeof fetch) =>
  new GithubRepository({
    apiBaseUrl: 'https://api.github.example/',
    owner: 'acme',
    repo: 'orders api',
    token: 't0ken',
    fetch: fetchFn,
  });

const gitlab = (fetchFn: typeof fetch) =>
  new GitlabRepository({
    apiBaseUrl: 'https://gitlab.example/api/v4//',
    project: 'acme/payments/orders-api',
    headers: { 'private-token': 'glpat-test' },
    fetch: fetchFn,
  });

describe('RestRepository (shared by the GitHub and GitLab repositories)', () => {
  it('calls each API under the repository, with the provider headers', async () => {
    const gh = answering({});
    expect(await github(gh.fetch).readBranch('main')).toBeUndefined();
    expect(gh.requests).toHaveLength(1);
    expect(gh.requests[0].url).toBe(
      'https://api.github.example/repos/acme/orders%20api/git/ref/heads/main',
    );
    expect(gh.requests[0].headers.get('authorization')).toBe('Bearer t0ken');
    expect(gh.requests[0].headers.get('content-type')).toBeNull();

    const gl = answering({});
    expect(await gitlab(gl.fetch).readBranch('feature/x')).toBeUndefined();
    expect(gl.requests[0].url).toBe(
      'https://gitlab.example/api/v4/projects/acme%2Fpayments%2Forders-api/repository/branches/feature%2Fx',
    );
    expect(gl.requests[0].headers.get('private-token')).toBe('glpat-test');
  });

  it('says what the API answered when it refuses, without the query, cut to 200 characters', async () => {
    const { fetch: fetchFn } = answering({
      'GET /repos/acme/orders%20api/git/ref/heads/main': () =>
        json({ message: 'x'.repeat(300) }, 403),
    });
    const error = await github(fetchFn)
      .readBranch('main')
      .catch(e => e);
    expect(error).toBeInstanceOf(RepositoryApiError);
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      `GitHub answered 403 to GET /git/ref/heads/main: ${'x'.repeat(200)}`,
    );
  });

  it("takes GitLab's error field, or its body when that is not JSON", async () => {
    const path = '/api/v4/projects/acme%2Fpayments%2Forders-api';
    const { fetch: fetchFn } = answering({
      [`GET ${path}/repository/branches/main`]: () =>
        json({ error: 'insufficient_scope' }, 403),
      [`GET ${path}/repository/branches/next`]: () =>
        new Response('<html>Bad gateway</html>', { status: 502 }),
    });
    await expect(gitlab(fetchFn).readBranch('main')).rejects.toThrow(
      'GitLab answered 403 to GET /repository/branches/main: insufficient_scope',
    );
    await expect(gitlab(fetchFn).readBranch('next')).rejects.toThrow(
      'GitLab answered 502 to GET /repository/branches/next: <html>Bad gateway</html>',
    );
  });

  it('refuses a branch with more files than an upgrade reads, before reading any', async () => {
    const base = '/repos/acme/orders%20api';
    const gh = answering({
      [`GET ${base}/git/ref/heads/main`]: () => json({ object: { sha: 'c1' } }),
      [`GET ${base}/git/commits/c1`]: () => json({ tree: { sha: 't1' } }),
      [`GET ${base}/git/trees/t1`]: () =>
        json({
          truncated: false,
          tree: Array.from({ length: MAX_REMOTE_FILES + 1 }, (_, i) => ({
            path: `f${i}`,
            type: 'blob',
            sha: `b${i}`,
            mode: '100644',
          })),
        }),
    });
    const error = await github(gh.fetch)
      .readBranch('main')
      .catch(e => e);
    expect(error).toBeInstanceOf(RepositoryApiError);
    expect(error.status).toBe(413);
    expect(error.message).toBe(
      `acme/orders api has more than ${MAX_REMOTE_FILES} files`,
    );
    expect(gh.requests.some(r => r.url.includes('/git/blobs/'))).toBe(false);
  });
});

describe('filesByPath', () => {
  it('orders a tree by path, byte-wise', () => {
    const files = new Map([
      ['src/b.js', Buffer.from('b')],
      ['README.md', Buffer.from('r')],
      ['src/a.js', Buffer.from('a')],
    ]);
    expect(filesByPath(files).map(([p]) => p)).toEqual([
      'README.md',
      'src/a.js',
      'src/b.js',
    ]);
  });
});

describe('branchInUrl', () => {
  it('takes the branch of a tree or blob URL, else main', () => {
    expect(branchInUrl('tree', 'release')).toBe('release');
    expect(branchInUrl('blob', 'dev')).toBe('dev');
    expect(branchInUrl('issues', '3')).toBe('main');
    expect(branchInUrl(undefined, undefined)).toBe('main');
  });
});
