import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { listWorkspaceFiles, WorkspaceError } from '@golden-path/policy';
import { digestFiles } from '@golden-path/template-upgrade';
import { assertSafeRelativePath } from './validation';

/**
 * Reads files that sit beside a template (its skeleton, its ownership.yaml, the template file
 * itself), from `file:` locations directly and from anything else through the UrlReader
 * (which applies `backend.reading.allow`). Symlinks are refused.
 *
 * @public
 */
export class TemplateSource {
  constructor(
    private readonly baseUrl: string,
    private readonly reader?: UrlReaderService,
  ) {}

  private isLocal() {
    return this.baseUrl.startsWith('file:');
  }

  private localPath(relative?: string): string {
    const templateFile = fileURLToPath(this.baseUrl);
    if (relative === undefined) return templateFile;
    const rel = assertSafeRelativePath(relative, 'template path');
    return path.join(path.dirname(templateFile), ...rel.split('/'));
  }

  private remoteUrl(relative?: string): string {
    if (relative === undefined) return this.baseUrl;
    const rel = assertSafeRelativePath(relative, 'template path');
    return new URL(rel, this.baseUrl).toString();
  }

  private requireReader(): UrlReaderService {
    if (!this.reader) {
      throw new InputError(`cannot read ${this.baseUrl} without a UrlReader`);
    }
    return this.reader;
  }

  /** Reads one file (the template itself when `relative` is omitted); undefined if missing. */
  async readFile(relative?: string): Promise<string | undefined> {
    if (this.isLocal()) {
      const file = this.localPath(relative);
      const stat = await fs.lstat(file).catch(() => undefined);
      if (!stat) return undefined;
      if (!stat.isFile()) {
        throw new InputError(
          `${
            relative ?? 'the template'
          } is not a regular file (symlinks are refused)`,
        );
      }
      return fs.readFile(file, 'utf8');
    }
    try {
      const res = await this.requireReader().readUrl(this.remoteUrl(relative));
      return (await res.buffer()).toString('utf8');
    } catch (e) {
      if ((e as Error).name === 'NotFoundError') return undefined;
      throw e;
    }
  }

  /**
   * The content digest of a directory beside the template: sha256 over the sorted lines
   * `<path>\0<sha256 of the content>\n`, one per file (paths relative, `/`-separated).
   */
  async digestDirectory(
    relative: string,
  ): Promise<{ digest: string; files: number }> {
    const entries: [string, Buffer][] = [];
    if (this.isLocal()) {
      const dir = this.localPath(relative);
      const stat = await fs.lstat(dir).catch(() => undefined);
      if (!stat?.isDirectory()) {
        throw new InputError(
          `the template has no directory ${relative} (or it is a symlink)`,
        );
      }
      let files: string[];
      try {
        files = await listWorkspaceFiles(dir);
      } catch (e) {
        if (e instanceof WorkspaceError) {
          throw new InputError(`the template's ${relative}: ${e.message}`);
        }
        throw e;
      }
      for (const file of files) {
        entries.push([
          file,
          await fs.readFile(path.join(dir, ...file.split('/'))),
        ]);
      }
    } else {
      const tree = await this.requireReader().readTree(
        this.remoteUrl(relative),
      );
      for (const file of await tree.files()) {
        entries.push([
          file.path.split(path.sep).join('/'),
          await file.content(),
        ]);
      }
    }
    return { digest: digestFiles(entries), files: entries.length };
  }
}
