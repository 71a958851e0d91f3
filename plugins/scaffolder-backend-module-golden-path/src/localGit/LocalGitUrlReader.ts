import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import git from 'isomorphic-git';
import type { LocalRepositories } from '@golden-path/template-upgrade';

/** Largest file served, in bytes. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Builds a tree response from files; the backend's ReadTreeResponseFactory does it.
 *
 * @public
 */
export type TreeFromFiles = (
  files: { path: string; data: Buffer }[],
) => Promise<UrlReaderServiceReadTreeResponse>;

/**
 * Reads files of the local bare repositories (published by `goldenpath:publish:git`) at
 * `<baseUrl>/<repo>/blob/<branch>/<path>`, so that `catalog:register` can register them.
 * Reads only committed content of repositories directly under the configured root.
 *
 * @public
 */
export class LocalGitUrlReader implements UrlReaderService {
  constructor(
    private readonly repositories: LocalRepositories,
    private readonly treeFromFiles?: TreeFromFiles,
  ) {}

  /** Whether a URL is one this reader serves. */
  handles(url: URL): boolean {
    return url.toString().startsWith(`${this.repositories.baseUrl}/`);
  }

  private async resolve(url: string) {
    const parsed = this.repositories.parseUrl(url);
    if (!parsed) throw new NotFoundError(`not a local repository URL: ${url}`);
    const gitdir = this.repositories.gitdir(parsed.repo);
    if (!fs.existsSync(gitdir) || fs.lstatSync(gitdir).isSymbolicLink()) {
      throw new NotFoundError(`no repository ${parsed.repo}`);
    }
    let commit: string;
    try {
      commit = await git.resolveRef({
        fs,
        gitdir,
        ref: `refs/heads/${parsed.branch}`,
      });
    } catch {
      throw new NotFoundError(`no branch ${parsed.branch} in ${parsed.repo}`);
    }
    return { ...parsed, gitdir, commit };
  }

  private async blob(gitdir: string, commit: string, filePath: string) {
    try {
      const { blob, oid } = await git.readBlob({
        fs,
        gitdir,
        oid: commit,
        filepath: filePath,
      });
      if (blob.byteLength > MAX_FILE_BYTES) {
        throw new NotFoundError(
          `${filePath} is larger than ${MAX_FILE_BYTES} bytes`,
        );
      }
      return { data: Buffer.from(blob), oid };
    } catch (e) {
      if (e instanceof NotFoundError) throw e;
      throw new NotFoundError(`no file ${filePath}`);
    }
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { gitdir, commit, filePath } = await this.resolve(url);
    const { data, oid } = await this.blob(gitdir, commit, filePath);
    if (options?.etag === oid) throw new NotModifiedError();
    return {
      buffer: async () => data,
      stream: () => Readable.from(data),
      etag: oid,
    };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    if (!this.treeFromFiles)
      throw new NotFoundError('readTree is not available');
    const { gitdir, commit, filePath } = await this.resolve(url);
    if (options?.etag === commit) throw new NotModifiedError();
    const prefix = filePath ? `${filePath}/` : '';
    const files = (await git.listFiles({ fs, gitdir, ref: commit })).filter(f =>
      f.startsWith(prefix),
    );
    const entries = [];
    for (const file of files) {
      const { data } = await this.blob(gitdir, commit, file);
      const rel = file.slice(prefix.length);
      if (options?.filter && !options.filter(rel, { size: data.byteLength }))
        continue;
      entries.push({ path: rel, data });
    }
    return this.treeFromFiles(entries);
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    const { gitdir, commit, filePath, repo, branch } = await this.resolve(url);
    if (options?.etag === commit) throw new NotModifiedError();
    const matches = /[*?[{]/.test(filePath)
      ? (await git.listFiles({ fs, gitdir, ref: commit })).filter(f =>
          path.posix.matchesGlob(f, filePath),
        )
      : [filePath];
    const files = [];
    for (const file of matches) {
      try {
        const { data } = await this.blob(gitdir, commit, file);
        files.push({
          url: this.repositories.blobUrl(repo, branch, file),
          content: async () => data,
        });
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
      }
    }
    return { files, etag: commit };
  }

  toString() {
    return `local-git{baseUrl=${this.repositories.baseUrl}}`;
  }
}
