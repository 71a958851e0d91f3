import { FileTree } from './content';
import {
  BranchContent,
  CommitSummary,
  MAX_REMOTE_FILES,
  RepositoryApiError,
  UpgradeRepository,
} from './git';

/** A file of a branch as a provider's tree API lists it: its path and git blob id. @public */
export interface RemoteBlob {
  path: string;
  id: string;
}

/** What a provider's REST API answered (a 404 is an answer, not a refusal). @public */
export interface RestAnswer<T> {
  status: number;
  json: T;
  headers: Headers;
}

/**
 * What the GitHub and GitLab repositories share: one way to call a provider's REST API with its
 * token (a refusal becomes a {@link RepositoryApiError} that says what the API answered), the
 * limit on how many files an upgrade reads, and reading a branch blob by blob. Each provider
 * says where its API is, how it authenticates and how its answers are decoded, and writes
 * branches and change requests its own way.
 *
 * @public
 */
export abstract class RestRepository implements UpgradeRepository {
  abstract readonly name: string;

  /** The provider's name in messages, e.g. GitHub. */
  protected abstract readonly provider: string;

  constructor(
    private readonly rest: {
      apiBaseUrl: string;
      fetch?: typeof fetch;
    },
  ) {}

  /** The repository's path under the API base URL; request paths are relative to it. */
  protected abstract repositoryPath(): string;

  /** The headers every request carries (authentication, API version). */
  protected abstract requestHeaders(): Record<string, string>;

  /** The value of a successful (or 404) answer's body. */
  protected abstract decode(raw: Buffer, response: Response): unknown;

  /** The message in a refusal's body, for the error. */
  protected abstract refusalMessage(raw: Buffer): string;

  /** The commit a branch points at; undefined when there is no such branch. */
  protected abstract headOf(branch: string): Promise<string | undefined>;

  /** Every file of a commit's tree. */
  protected abstract blobsOf(commit: string): Promise<RemoteBlob[]>;

  /** A blob's content. */
  protected abstract readBlob(id: string): Promise<Buffer>;

  abstract commitSummary(commit: string): Promise<CommitSummary>;

  abstract writeBranch(options: {
    branch: string;
    parent?: string;
    files: FileTree;
    message: string;
    author: { name: string; email: string };
  }): Promise<string>;

  abstract openChangeRequest(options: {
    branch: string;
    base: string;
    title: string;
    description: string;
  }): Promise<string>;

  /**
   * Calls the API. Anything but success or 404 throws a {@link RepositoryApiError} naming the
   * method, the path without its query and (cut short) what the API said.
   */
  protected async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<RestAnswer<T>> {
    const url = `${this.rest.apiBaseUrl.replace(
      /\/+$/,
      '',
    )}${this.repositoryPath()}${path}`;
    const response = await (this.rest.fetch ?? fetch)(url, {
      method,
      headers: {
        ...this.requestHeaders(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = Buffer.from(await response.arrayBuffer());
    if (!response.ok && response.status !== 404) {
      throw new RepositoryApiError(
        `${this.provider} answered ${response.status} to ${method} ${
          path.split('?')[0]
        }: ${this.refusalMessage(raw).slice(0, 200)}`,
        response.status,
      );
    }
    const json = this.decode(raw, response) as T;
    return { status: response.status, json, headers: response.headers };
  }

  /** Stops reading a repository with more files than an upgrade takes through an API. */
  protected checkFileCount(count: number): void {
    if (count > MAX_REMOTE_FILES) {
      throw new RepositoryApiError(
        `${this.name} has more than ${MAX_REMOTE_FILES} files`,
        413,
      );
    }
  }

  /**
   * The blob id of each file of a commit (none without a commit), so that a writer can leave out
   * content the provider already holds.
   */
  protected async blobIdsOf(commit?: string): Promise<Map<string, string>> {
    if (!commit) return new Map();
    return new Map((await this.blobsOf(commit)).map(e => [e.path, e.id]));
  }

  async readBranch(branch: string): Promise<BranchContent | undefined> {
    const commit = await this.headOf(branch);
    if (!commit) return undefined;
    const blobs = await this.blobsOf(commit);
    this.checkFileCount(blobs.length);
    const files: FileTree = new Map();
    for (const entry of blobs) {
      files.set(entry.path, await this.readBlob(entry.id));
    }
    return { commit, files };
  }
}

/** A tree's files in path order (the order the providers' writers send them). */
export function filesByPath(files: FileTree): [string, Buffer][] {
  return [...files].sort(([a], [b]) => (a < b ? -1 : Number(a > b)));
}

/**
 * The default branch a repository URL names (`.../tree/<branch>` or `.../blob/<branch>/...`),
 * else `main`.
 */
export function branchInUrl(kind?: string, branch?: string): string {
  return (kind === 'tree' || kind === 'blob') && branch ? branch : 'main';
}
