import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { FileTree } from './content';
import { CommitSummary, gitBlobId, RepositoryApiError } from './git';
import {
  branchInUrl,
  filesByPath,
  RemoteBlob,
  RestRepository,
} from './restRepository';

/** A GitHub answer's JSON (GitHub answers JSON throughout; an empty body is undefined). */
function jsonOf(raw: Buffer): any {
  const text = new TextDecoder().decode(raw);
  return text ? JSON.parse(text) : undefined;
}

/**
 * A GitHub repository for upgrades, through the REST API (git data and pull requests): reads a
 * branch's tree and blobs, writes a branch as blobs, a tree, a commit and a ref, and opens (or
 * updates) the pull request for it. The token comes from Backstage's GitHub integration
 * (a personal access token or a GitHub App installation).
 *
 * @public
 */
export class GithubRepository extends RestRepository {
  readonly name: string;
  protected readonly provider = 'GitHub';

  constructor(
    private readonly options: {
      /** e.g. https://api.github.com or https://ghe.example.com/api/v3 */
      apiBaseUrl: string;
      owner: string;
      repo: string;
      token: string;
      fetch?: typeof fetch;
    },
  ) {
    super(options);
    this.name = `${options.owner}/${options.repo}`;
  }

  protected repositoryPath(): string {
    return `/repos/${encodeURIComponent(
      this.options.owner,
    )}/${encodeURIComponent(this.options.repo)}`;
  }

  protected requestHeaders(): Record<string, string> {
    return {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${this.options.token}`,
      'x-github-api-version': '2022-11-28',
    };
  }

  protected decode(raw: Buffer): unknown {
    return jsonOf(raw);
  }

  protected refusalMessage(raw: Buffer): string {
    return String(jsonOf(raw)?.message ?? '');
  }

  protected async headOf(branch: string): Promise<string | undefined> {
    const { status, json } = await this.call<{ object: { sha: string } }>(
      'GET',
      `/git/ref/heads/${branch.split('/').map(encodeURIComponent).join('/')}`,
    );
    return status === 404 ? undefined : json.object.sha;
  }

  protected async blobsOf(commit: string): Promise<RemoteBlob[]> {
    const { json: c } = await this.call<{ tree: { sha: string } }>(
      'GET',
      `/git/commits/${commit}`,
    );
    const { json: tree } = await this.call<{
      truncated: boolean;
      tree: { path: string; type: string; sha: string; mode: string }[];
    }>('GET', `/git/trees/${c.tree.sha}?recursive=1`);
    if (tree.truncated) {
      throw new RepositoryApiError(
        `${this.name} is too large to be read through the GitHub API`,
        413,
      );
    }
    return tree.tree
      .filter(e => e.type === 'blob')
      .map(e => ({ path: e.path, id: e.sha }));
  }

  protected async readBlob(id: string): Promise<Buffer> {
    const { json } = await this.call<{ content: string; encoding: string }>(
      'GET',
      `/git/blobs/${id}`,
    );
    return Buffer.from(json.content, 'base64');
  }

  async commitSummary(commit: string): Promise<CommitSummary> {
    const { json } = await this.call<{
      author: { name: string; email: string };
      message: string;
    }>('GET', `/git/commits/${commit}`);
    return {
      commit,
      authorName: json.author.name,
      authorEmail: json.author.email,
      message: json.message,
    };
  }

  async writeBranch(options: {
    branch: string;
    parent?: string;
    files: FileTree;
    message: string;
    author: { name: string; email: string };
  }): Promise<string> {
    const known = new Set((await this.blobIdsOf(options.parent)).values());
    const tree = [];
    for (const [file, content] of filesByPath(options.files)) {
      let sha = gitBlobId(content);
      if (!known.has(sha)) {
        const { json } = await this.call<{ sha: string }>(
          'POST',
          '/git/blobs',
          {
            content: content.toString('base64'),
            encoding: 'base64',
          },
        );
        sha = json.sha;
      }
      tree.push({ path: file, mode: '100644', type: 'blob', sha });
    }
    const { json: newTree } = await this.call<{ sha: string }>(
      'POST',
      '/git/trees',
      { tree },
    );
    const { json: commit } = await this.call<{ sha: string }>(
      'POST',
      '/git/commits',
      {
        message: options.message,
        tree: newTree.sha,
        parents: options.parent ? [options.parent] : [],
        author: options.author,
      },
    );
    const ref = options.branch.split('/').map(encodeURIComponent).join('/');
    if (await this.headOf(options.branch)) {
      await this.call('PATCH', `/git/refs/heads/${ref}`, {
        sha: commit.sha,
        force: true,
      });
    } else {
      await this.call('POST', '/git/refs', {
        ref: `refs/heads/${options.branch}`,
        sha: commit.sha,
      });
    }
    return commit.sha;
  }

  async openChangeRequest(options: {
    branch: string;
    base: string;
    title: string;
    description: string;
  }): Promise<string> {
    const { json: open } = await this.call<
      { number: number; html_url: string }[]
    >(
      'GET',
      `/pulls?state=open&head=${encodeURIComponent(
        `${this.options.owner}:${options.branch}`,
      )}&base=${encodeURIComponent(options.base)}`,
    );
    if (open.length > 0) {
      await this.call('PATCH', `/pulls/${open[0].number}`, {
        title: options.title,
        body: options.description,
      });
      return open[0].html_url;
    }
    const { json } = await this.call<{ html_url: string }>('POST', '/pulls', {
      title: options.title,
      head: options.branch,
      base: options.base,
      body: options.description,
    });
    return json.html_url;
  }
}

/**
 * The GitHub repository and branch a URL names (`https://<host>/<owner>/<repo>[/tree|blob/<branch>/...]`)
 * when Backstage's GitHub integration covers its host and gives credentials for it; undefined
 * otherwise.
 *
 * @public
 */
export async function githubRepositoryForUrl(
  integrations: ScmIntegrationRegistry,
  url: string,
): Promise<
  { repository: GithubRepository; defaultBranch: string } | undefined
> {
  const integration = integrations.github.byUrl(url);
  if (!integration) return undefined;
  const [owner, repo, kind, branch] = new URL(url).pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  if (!owner || !repo) return undefined;
  const { token } = await DefaultGithubCredentialsProvider.fromIntegrations(
    integrations,
  ).getCredentials({ url });
  if (!token) return undefined;
  return {
    repository: new GithubRepository({
      apiBaseUrl: integration.config.apiBaseUrl ?? 'https://api.github.com',
      owner,
      repo: repo.replace(/\.git$/, ''),
      token,
    }),
    defaultBranch: branchInUrl(kind, branch),
  };
}
