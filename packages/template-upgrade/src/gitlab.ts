import {
  DefaultGitlabCredentialsProvider,
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
 * A GitLab project for upgrades, through the REST API (v4): reads a branch's tree and blobs,
 * writes the upgrade branch as one commit of create/update/delete actions on top of the default
 * branch (`force` replaces the previous upgrade commit), and opens or updates the merge request.
 *
 * @public
 */
export class GitlabRepository implements UpgradeRepository {
  readonly name: string;

  constructor(
    private readonly options: {
      /** e.g. https://gitlab.com/api/v4 */
      apiBaseUrl: string;
      /** The project's full path, e.g. group/subgroup/project. */
      project: string;
      /** Authentication headers (from Backstage's GitLab integration). */
      headers: Record<string, string>;
      fetch?: typeof fetch;
    },
  ) {
    this.name = options.project;
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T; headers: Headers }> {
    const url = `${this.options.apiBaseUrl.replace(
      /\/+$/,
      '',
    )}/projects/${encodeURIComponent(this.options.project)}${path}`;
    const response = await (this.options.fetch ?? fetch)(url, {
      method,
      headers: {
        ...this.options.headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = Buffer.from(await response.arrayBuffer());
    if (!response.ok && response.status !== 404) {
      let message = raw.toString('utf8').slice(0, 200);
      try {
        const parsed = JSON.parse(raw.toString('utf8'));
        message = String(parsed.message ?? parsed.error ?? message);
      } catch {
        // not JSON
      }
      throw new RepositoryApiError(
        `GitLab answered ${response.status} to ${method} ${
          path.split('?')[0]
        }: ${message.slice(0, 200)}`,
        response.status,
      );
    }
    const type = response.headers.get('content-type') ?? '';
    const json = (
      type.includes('json') && raw.length
        ? JSON.parse(raw.toString('utf8'))
        : raw
    ) as T;
    return { status: response.status, json, headers: response.headers };
  }

  private async headOf(branch: string): Promise<string | undefined> {
    const { status, json } = await this.call<{ commit: { id: string } }>(
      'GET',
      `/repository/branches/${encodeURIComponent(branch)}`,
    );
    return status === 404 ? undefined : json.commit.id;
  }

  private async treeOf(commit: string) {
    const entries: { path: string; type: string; id: string }[] = [];
    for (let page = 1; page; ) {
      const { json, headers } = await this.call<
        { path: string; type: string; id: string }[]
      >(
        'GET',
        `/repository/tree?ref=${commit}&recursive=true&per_page=100&page=${page}`,
      );
      entries.push(...json.filter(e => e.type === 'blob'));
      if (entries.length > MAX_REMOTE_FILES) {
        throw new RepositoryApiError(
          `${this.name} has more than ${MAX_REMOTE_FILES} files`,
          413,
        );
      }
      page = Number(headers.get('x-next-page') || 0);
    }
    return entries;
  }

  async readBranch(branch: string): Promise<BranchContent | undefined> {
    const commit = await this.headOf(branch);
    if (!commit) return undefined;
    const files: FileTree = new Map();
    for (const entry of await this.treeOf(commit)) {
      const { json } = await this.call<Buffer>(
        'GET',
        `/repository/blobs/${entry.id}/raw`,
      );
      files.set(entry.path, Buffer.from(json));
    }
    return { commit, files };
  }

  async commitSummary(commit: string): Promise<CommitSummary> {
    const { json } = await this.call<{
      author_name: string;
      author_email: string;
      message: string;
    }>('GET', `/repository/commits/${commit}`);
    return {
      commit,
      authorName: json.author_name,
      authorEmail: json.author_email,
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
    const before = new Map(
      options.parent
        ? (await this.treeOf(options.parent)).map(e => [e.path, e.id])
        : [],
    );
    const actions: object[] = [];
    for (const [file, content] of [...options.files].sort(([a], [b]) =>
      a < b ? -1 : Number(a > b),
    )) {
      const previous = before.get(file);
      if (previous === gitBlobId(content)) continue;
      actions.push({
        action: previous ? 'update' : 'create',
        file_path: file,
        content: content.toString('base64'),
        encoding: 'base64',
      });
    }
    for (const file of before.keys()) {
      if (!options.files.has(file)) {
        actions.push({ action: 'delete', file_path: file });
      }
    }
    const { json } = await this.call<{ id: string }>(
      'POST',
      '/repository/commits',
      {
        branch: options.branch,
        ...(options.parent ? { start_sha: options.parent, force: true } : {}),
        commit_message: options.message,
        author_name: options.author.name,
        author_email: options.author.email,
        actions,
      },
    );
    return json.id;
  }

  async openChangeRequest(options: {
    branch: string;
    base: string;
    title: string;
    description: string;
  }): Promise<string> {
    const { json: open } = await this.call<{ iid: number; web_url: string }[]>(
      'GET',
      `/merge_requests?state=opened&source_branch=${encodeURIComponent(
        options.branch,
      )}&target_branch=${encodeURIComponent(options.base)}`,
    );
    if (open.length > 0) {
      await this.call('PUT', `/merge_requests/${open[0].iid}`, {
        title: options.title,
        description: options.description,
      });
      return open[0].web_url;
    }
    const { json } = await this.call<{ web_url: string }>(
      'POST',
      '/merge_requests',
      {
        source_branch: options.branch,
        target_branch: options.base,
        title: options.title,
        description: options.description,
        remove_source_branch: true,
      },
    );
    return json.web_url;
  }
}

/**
 * The GitLab project and branch a URL names (`https://<host>/<group>/<project>[/-/tree|blob/<branch>/...]`)
 * when Backstage's GitLab integration covers its host and gives credentials for it; undefined
 * otherwise.
 *
 * @public
 */
export async function gitlabRepositoryForUrl(
  integrations: ScmIntegrationRegistry,
  url: string,
): Promise<
  { repository: GitlabRepository; defaultBranch: string } | undefined
> {
  const integration = integrations.gitlab.byUrl(url);
  if (!integration) return undefined;
  const parts = new URL(url).pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const dash = parts.indexOf('-');
  const project = (dash === -1 ? parts : parts.slice(0, dash))
    .join('/')
    .replace(/\.git$/, '');
  if (!project.includes('/')) return undefined;
  const kind = dash === -1 ? undefined : parts[dash + 1];
  const branch = dash === -1 ? undefined : parts[dash + 2];
  const credentials = await DefaultGitlabCredentialsProvider.fromIntegrations(
    integrations,
  ).getCredentials({ url });
  const headers =
    credentials.headers ??
    (credentials.token ? { 'private-token': credentials.token } : undefined);
  if (!headers) return undefined;
  return {
    repository: new GitlabRepository({
      apiBaseUrl: integration.config.apiBaseUrl,
      project,
      headers,
    }),
    defaultBranch:
      (kind === 'tree' || kind === 'blob') && branch ? branch : 'main',
  };
}
