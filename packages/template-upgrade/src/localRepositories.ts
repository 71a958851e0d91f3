import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { assertDnsLabel } from './names';

/**
 * The local bare repositories the demo publishes to, under one root directory, and the URLs
 * under which the catalog reads them (`<baseUrl>/<repo>/blob/<branch>/<path>`).
 *
 * @public
 */
export class LocalRepositories {
  readonly root: string;
  readonly baseUrl: string;

  constructor(options: { root: string; baseUrl: string }) {
    this.root = path.resolve(options.root);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** The bare repository directory of a repository name (a DNS label). */
  gitdir(repo: string): string {
    assertDnsLabel(repo, 'repository name');
    return path.join(this.root, `${repo}.git`);
  }

  /** The `file://` remote URL of a repository. */
  remoteUrl(repo: string): string {
    return `file://${this.gitdir(repo)}`;
  }

  /** Where the catalog reads a file of a repository. */
  blobUrl(repo: string, branch: string, filePath: string): string {
    return `${this.baseUrl}/${repo}/blob/${encodeURIComponent(
      branch,
    )}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
  }

  /** The browsable URL of a repository's branch. */
  treeUrl(repo: string, branch: string): string {
    return `${this.baseUrl}/${repo}/tree/${encodeURIComponent(branch)}`;
  }

  /**
   * The repository name of a `file://` remote URL, which must name `<root>/<repo>.git`
   * exactly; anything else (another directory, `..`, symlinks) is refused.
   */
  async repoOfRemoteUrl(remoteUrl: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(remoteUrl);
    } catch {
      throw new InputError('remoteUrl is not a URL');
    }
    if (
      url.protocol !== 'file:' ||
      (url.host !== '' && url.host !== 'localhost')
    ) {
      throw new InputError(
        'remoteUrl must be a file:// URL of a local repository',
      );
    }
    const target = path.resolve(decodeURIComponent(url.pathname));
    const name = path.basename(target);
    if (path.dirname(target) !== this.root || !name.endsWith('.git')) {
      throw new InputError(
        'remoteUrl must name a repository directly under the configured goldenPath.scaffolder.localGitRoot',
      );
    }
    const repo = name.slice(0, -'.git'.length);
    assertDnsLabel(repo, 'repository name');
    const stat = await fs.lstat(target).catch(() => undefined);
    if (stat?.isSymbolicLink()) {
      throw new InputError('remoteUrl names a symbolic link, which is refused');
    }
    return repo;
  }

  /**
   * Parses a catalog URL into repository, kind, branch and file path, or undefined when the
   * URL is not under {@link LocalRepositories.baseUrl}.
   */
  parseUrl(
    url: string,
  ):
    | { repo: string; kind: 'blob' | 'tree'; branch: string; filePath: string }
    | undefined {
    if (!url.startsWith(`${this.baseUrl}/`)) return undefined;
    const rest = new URL(url).pathname.slice(
      new URL(`${this.baseUrl}/`).pathname.length,
    );
    const [repo, kind, branch, ...parts] = rest
      .split('/')
      .map(decodeURIComponent);
    if (!repo || (kind !== 'blob' && kind !== 'tree') || !branch) {
      throw new InputError(`not a local repository URL: ${url}`);
    }
    assertDnsLabel(repo, 'repository name');
    if (!/^[A-Za-z0-9._/-]{1,200}$/.test(branch) || branch.includes('..')) {
      throw new InputError('invalid branch name');
    }
    const segments = parts.join('/').split('/');
    const filePath = segments.filter(p => p !== '').join('/');
    if (
      segments.some(p => p === '..' || p === '.' || p.includes('\\')) ||
      filePath.includes('\0')
    ) {
      throw new InputError('invalid file path');
    }
    return { repo, kind, branch, filePath };
  }
}

/** The nearest parent of `start` whose package.json declares workspaces (the monorepo root). @public */
export function findMonorepoRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    try {
      const json = JSON.parse(
        fsSync.readFileSync(path.join(dir, 'package.json'), 'utf8'),
      );
      if (json && typeof json === 'object' && 'workspaces' in json) return dir;
    } catch {
      // no readable package.json here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/**
 * The local repositories of `goldenPath.scaffolder.localGitRoot` (default `.data/git` under the
 * monorepo root) and `goldenPath.scaffolder.localGitBaseUrl` (default
 * `<backend.baseUrl>/golden-path-git`).
 *
 * @public
 */
export function localRepositoriesFromConfig(config: Config): LocalRepositories {
  const root = findMonorepoRoot();
  const local =
    config.getOptionalString('goldenPath.scaffolder.localGitRoot') ??
    '.data/git';
  const backendBaseUrl =
    config.getOptionalString('backend.baseUrl') ?? 'http://localhost:7007';
  return new LocalRepositories({
    root: path.resolve(root, local),
    baseUrl:
      config.getOptionalString('goldenPath.scaffolder.localGitBaseUrl') ??
      `${backendBaseUrl}/golden-path-git`,
  });
}
