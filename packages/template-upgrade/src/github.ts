import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { FileTree } from './content';
import {
  BranchContent,
  CommitSummary,
  gitBlobId,
  MAX_REMOTE_FILES,
  RepositoryApiError,
  UpgradeRepository,
} from './git';

/**
 * A GitHub repository for upgrades, through the REST API (git data and pull requests): reads a
 * branch's tree and blobs, writes a branch as blobs, a tree, a commit and a ref, and opens (or
 * updates) the pull request for it. The token comes from Backstage's GitHub integration
 * (a personal access token or a GitHub App installation).
 *
 * @public
 */
export class GithubRepository implements UpgradeRepository {
  readonly name: string;

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
    this.name = `${options.owner}/${options.repo}`;
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T }> {
    const url = `${this.options.apiBaseUrl.replace(
      /\/+$/,
      '',
    )}/repos/${encodeURIComponent(this.options.owner)}/${encodeURIComponent(
      this.options.repo,
    )}${path}`;
    const response = await (this.options.fetch ?? fetch)(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.options.token}`,
        'x-github-api-version': '2022-11-28',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!response.ok && response.status !== 404) {
      throw new RepositoryApiError(
        `GitHub answered ${response.status} to ${method} ${
          path.split('?')[0]
        }: ${String(json?.message ?? '').slice(0, 200)}`,
        response.status,
      );
    }
    return { status: response.status, json };
  }

  private async headOf(branch: string): Promise<string | undefined> {
    const { status, json } = await this.call<{ object: { sha: string } }>(
      'GET',
      `/git/ref/heads/${branch.split('/').map(encodeURIComponent).join('/')}`,
    );
    return status === 404 ? undefined : json.object.sha;
  }

  private async treeOf(commit: string) {
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
    return tree.tree.filter(e => e.type === 'blob');
  }

  async readBranch(branch: string): Promise<BranchContent | undefined> {
    const commit = await this.headOf(branch);
    if (!commit) return undefined;
    const blobs = await this.treeOf(commit);
    if (blobs.length > MAX_REMOTE_FILES) {
      throw new RepositoryApiError(
        `${this.name} has more than ${MAX_REMOTE_FILES} files`,
        413,
      );
    }
    const files: FileTree = new Map();
    for (const entry of blobs) {
      const { json } = await this.call<{ content: string; encoding: string }>(
        'GET',
        `/git/blobs/${entry.sha}`,
      );
      files.set(entry.path, Buffer.from(json.content, 'base64'));
    }
    return { commit, files };
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
    const known = new Set(
      options.parent ? (await this.treeOf(options.parent)).map(e => e.sha) : [],
    );
    const tree = [];
    for (const [file, content] of [...options.files].sort(([a], [b]) =>
      a < b ? -1 : Number(a > b),
    )) {
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
    defaultBranch:
      (kind === 'tree' || kind === 'blob') && branch ? branch : 'main',
  };
}
