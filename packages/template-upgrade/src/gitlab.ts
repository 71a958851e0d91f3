import {
  DefaultGitlabCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { FileTree } from './content';
import { CommitSummary, gitBlobId } from './git';
import {
  branchInUrl,
  filesByPath,
  RemoteBlob,
  RestRepository,
} from './restRepository';

/**
 * A GitLab project for upgrades, through the REST API (v4): reads a branch's tree and blobs,
 * writes the upgrade branch as one commit of create/update/delete actions on top of the default
 * branch (`force` replaces the previous upgrade commit), and opens or updates the merge request.
 *
 * @public
 */
export class GitlabRepository extends RestRepository {
  readonly name: string;
  protected readonly provider = 'GitLab';

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
    super(options);
    this.name = options.project;
  }

  protected repositoryPath(): string {
    return `/projects/${encodeURIComponent(this.options.project)}`;
  }

  protected requestHeaders(): Record<string, string> {
    return this.options.headers;
  }

  /** JSON when GitLab says so; raw blobs (and anything else) as bytes. */
  protected decode(raw: Buffer, response: Response): unknown {
    const type = response.headers.get('content-type') ?? '';
    return type.includes('json') && raw.length
      ? JSON.parse(raw.toString('utf8'))
      : raw;
  }

  /** GitLab's `message` or `error`; the body itself when it is not JSON. */
  protected refusalMessage(raw: Buffer): string {
    let message = raw.toString('utf8').slice(0, 200);
    try {
      const parsed = JSON.parse(raw.toString('utf8'));
      message = String(parsed.message ?? parsed.error ?? message);
    } catch {
      // not JSON
    }
    return message;
  }

  protected async headOf(branch: string): Promise<string | undefined> {
    const { status, json } = await this.call<{ commit: { id: string } }>(
      'GET',
      `/repository/branches/${encodeURIComponent(branch)}`,
    );
    return status === 404 ? undefined : json.commit.id;
  }

  protected async blobsOf(commit: string): Promise<RemoteBlob[]> {
    const entries: RemoteBlob[] = [];
    for (let page = 1; page; ) {
      const { json, headers } = await this.call<
        { path: string; type: string; id: string }[]
      >(
        'GET',
        `/repository/tree?ref=${commit}&recursive=true&per_page=100&page=${page}`,
      );
      entries.push(
        ...json
          .filter(e => e.type === 'blob')
          .map(e => ({ path: e.path, id: e.id })),
      );
      // checked page by page, so that a huge project is not listed to the end
      this.checkFileCount(entries.length);
      page = Number(headers.get('x-next-page') || 0);
    }
    return entries;
  }

  protected async readBlob(id: string): Promise<Buffer> {
    const { json } = await this.call<Buffer>(
      'GET',
      `/repository/blobs/${id}/raw`,
    );
    return Buffer.from(json);
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
    const before = await this.blobIdsOf(options.parent);
    const actions: object[] = [];
    for (const [file, content] of filesByPath(options.files)) {
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
    defaultBranch: branchInUrl(kind, branch),
  };
}
