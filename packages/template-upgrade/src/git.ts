import crypto from 'node:crypto';
import fs from 'node:fs';
import git from 'isomorphic-git';
import { FileTree } from './content';

/** The git blob id of some content (what git trees, and providers' tree APIs, list for it). @public */
export function gitBlobId(content: Buffer): string {
  return crypto
    .createHash('sha1')
    .update(`blob ${content.length}\0`)
    .update(content)
    .digest('hex');
}

/** Most files of a repository an upgrade reads through a provider's API. @public */
export const MAX_REMOTE_FILES = 5000;

/** An error a provider's REST API (GitHub, GitLab) answered, with its status. @public */
export class RepositoryApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = 'RepositoryApiError';
  }
}

/** A branch as read from a repository. @public */
export interface BranchContent {
  commit: string;
  files: FileTree;
}

/** Who made a commit and what it says. @public */
export interface CommitSummary {
  commit: string;
  authorName: string;
  authorEmail: string;
  message: string;
}

/**
 * The repository operations an upgrade needs. {@link LocalGitRepository} implements them on a
 * local bare repository (the demo and the tests).
 *
 * @public
 */
export interface UpgradeRepository {
  /** A human-readable name for messages. */
  readonly name: string;
  readBranch(branch: string): Promise<BranchContent | undefined>;
  commitSummary(commit: string): Promise<CommitSummary>;
  /** Commits `files` as the whole tree on top of `parent` (none: a root commit) and points `branch` at it. */
  writeBranch(options: {
    branch: string;
    parent?: string;
    files: FileTree;
    message: string;
    author: { name: string; email: string };
  }): Promise<string>;
  /**
   * Opens the change request (pull request) for a branch, or updates the open one; returns its
   * URL. Repositories without change requests (a local bare repository) leave it out.
   */
  openChangeRequest?(options: {
    branch: string;
    base: string;
    title: string;
    description: string;
  }): Promise<string>;
}

type TreeEntry = {
  mode: string;
  path: string;
  oid: string;
  type: 'blob' | 'tree';
};

/**
 * A local bare repository, read and written with isomorphic-git (no git binary, no hooks).
 * Branches are written without a work tree: blobs, trees and a commit, then the ref.
 *
 * @public
 */
export class LocalGitRepository implements UpgradeRepository {
  constructor(readonly gitdir: string, readonly name: string) {}

  /** Creates an empty bare repository (default branch main) and returns it. */
  static async initialize(
    gitdir: string,
    name: string,
  ): Promise<LocalGitRepository> {
    await fs.promises.mkdir(gitdir, { recursive: true });
    await git.init({ fs, gitdir, bare: true, defaultBranch: 'main' });
    return new LocalGitRepository(gitdir, name);
  }

  /** The commit a branch points at, or undefined when there is no such branch. */
  async headOf(branch: string): Promise<string | undefined> {
    try {
      return await git.resolveRef({
        fs,
        gitdir: this.gitdir,
        ref: `refs/heads/${branch}`,
      });
    } catch {
      return undefined;
    }
  }

  async readBranch(branch: string): Promise<BranchContent | undefined> {
    const commit = await this.headOf(branch);
    if (!commit) return undefined;
    const files: FileTree = new Map();
    const walk = async (tree: string, prefix: string) => {
      const { tree: entries } = await git.readTree({
        fs,
        gitdir: this.gitdir,
        oid: tree,
      });
      for (const entry of entries) {
        const file = prefix ? `${prefix}/${entry.path}` : entry.path;
        if (entry.type === 'tree') await walk(entry.oid, file);
        else if (entry.type === 'blob') {
          const { blob } = await git.readBlob({
            fs,
            gitdir: this.gitdir,
            oid: entry.oid,
          });
          files.set(file, Buffer.from(blob));
        }
      }
    };
    const { commit: c } = await git.readCommit({
      fs,
      gitdir: this.gitdir,
      oid: commit,
    });
    await walk(c.tree, '');
    return { commit, files };
  }

  async commitSummary(commit: string): Promise<CommitSummary> {
    const { commit: c } = await git.readCommit({
      fs,
      gitdir: this.gitdir,
      oid: commit,
    });
    return {
      commit,
      authorName: c.author.name,
      authorEmail: c.author.email,
      message: c.message,
    };
  }

  async writeBranch(options: {
    branch: string;
    parent?: string;
    files: FileTree;
    message: string;
    author: { name: string; email: string };
  }): Promise<string> {
    const root = await this.writeDirectory(options.files);
    return git.commit({
      fs,
      gitdir: this.gitdir,
      message: options.message,
      author: options.author,
      tree: root,
      parent: options.parent ? [options.parent] : [],
      ref: `refs/heads/${options.branch}`,
    });
  }

  private async writeDirectory(files: FileTree): Promise<string> {
    const children = new Map<string, FileTree>();
    const entries: TreeEntry[] = [];
    for (const [file, content] of files) {
      const slash = file.indexOf('/');
      if (slash === -1) {
        const oid = await git.writeBlob({
          fs,
          gitdir: this.gitdir,
          blob: content,
        });
        entries.push({ mode: '100644', path: file, oid, type: 'blob' });
      } else {
        const dir = file.slice(0, slash);
        if (!children.has(dir)) children.set(dir, new Map());
        children.get(dir)!.set(file.slice(slash + 1), content);
      }
    }
    for (const [dir, tree] of children) {
      entries.push({
        mode: '040000',
        path: dir,
        oid: await this.writeDirectory(tree),
        type: 'tree',
      });
    }
    return git.writeTree({ fs, gitdir: this.gitdir, tree: entries });
  }
}
