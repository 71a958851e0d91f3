import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { listWorkspaceFiles, WorkspaceError } from '@golden-path/policy';
import yaml from 'yaml';
import { digestFiles } from './digest';
import { assertRelativePath } from './names';

/** Files by repository- or template-relative path (forward slashes). @public */
export type FileTree = Map<string, Buffer>;

/** The annotation that carries a template's version. @public */
export const TEMPLATE_VERSION_ANNOTATION = 'golden-path.dev/template-version';

/** Largest template version kept, in bytes over all its files. @public */
export const MAX_TEMPLATE_BYTES = 8 * 1024 * 1024;

/**
 * One published version of a template, exactly as it was published: every file of the
 * template's directory (template.yaml, the skeleton, ownership.yaml, migrations.yaml,
 * policies/, CHANGELOG.md), and the digest of its skeleton, which is what the repositories
 * made from it record in their provenance.
 *
 * @public
 */
export interface TemplateVersion {
  templateRef: string;
  version: string;
  /** `sha256:` digest of the skeleton (see {@link digestFiles}). */
  digest: string;
  /** The skeleton directory, relative to the template (as the fetch:template step names it). */
  skeleton: string;
  files: FileTree;
}

/** The template entity as template.yaml declares it. @public */
export interface TemplateDocument {
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
  spec?: { parameters?: unknown; steps?: unknown };
}

/** Parses a stored version's template.yaml. @public */
export function templateDocument(version: {
  files: FileTree;
}): TemplateDocument {
  const text = version.files.get('template.yaml');
  if (!text) throw new InputError('the template version has no template.yaml');
  const doc = yaml.parse(text.toString('utf8'), { maxAliasCount: 50 });
  if (!doc || typeof doc !== 'object') {
    throw new InputError('template.yaml is not a YAML mapping');
  }
  return doc as TemplateDocument;
}

/** The files under `dir/` of a tree, with `dir/` taken off their paths. @public */
export function subtree(files: FileTree, dir: string): FileTree {
  const prefix = `${dir.replace(/^\.\//, '').replace(/\/+$/, '')}/`;
  const out: FileTree = new Map();
  for (const [file, content] of files) {
    if (file.startsWith(prefix)) out.set(file.slice(prefix.length), content);
  }
  return out;
}

/** The skeleton directory a template renders (its first fetch:template step's url). @public */
export function skeletonOf(doc: TemplateDocument): string {
  const steps = Array.isArray(doc.spec?.steps) ? doc.spec!.steps : [];
  const fetch = (steps as { action?: unknown; input?: { url?: unknown } }[])
    .filter(s => s && s.action === 'fetch:template')
    .map(s => s.input?.url);
  if (fetch.length !== 1 || typeof fetch[0] !== 'string') {
    throw new InputError(
      'a golden-path template must have exactly one fetch:template step with a url',
    );
  }
  const url = fetch[0].replace(/^\.\//, '').replace(/\/+$/, '');
  assertRelativePath(url, 'the fetch:template url');
  return url;
}

/**
 * Builds a {@link TemplateVersion} from a template's files: reads its version annotation and
 * skeleton from template.yaml, and digests the skeleton. Without a ref, the template's own
 * (`template:<namespace>/<name>` of template.yaml).
 *
 * @public
 */
export function templateVersionFromFiles(
  templateRefOrUndefined: string | undefined,
  files: FileTree,
): TemplateVersion {
  let templateRef = templateRefOrUndefined ?? 'the template';
  let size = 0;
  for (const [file, content] of files) {
    assertRelativePath(file, 'template file');
    size += content.length;
  }
  if (size > MAX_TEMPLATE_BYTES) {
    throw new InputError(
      `the template ${templateRef} is larger than ${MAX_TEMPLATE_BYTES} bytes`,
    );
  }
  const doc = templateDocument({ files });
  if (!templateRefOrUndefined) {
    if (!doc.metadata?.name) {
      throw new InputError('template.yaml has no metadata.name');
    }
    templateRef = `template:${doc.metadata.namespace ?? 'default'}/${
      doc.metadata.name
    }`;
  }
  const version = doc.metadata?.annotations?.[TEMPLATE_VERSION_ANNOTATION];
  if (!version) {
    throw new InputError(
      `the template ${templateRef} has no ${TEMPLATE_VERSION_ANNOTATION} annotation`,
    );
  }
  const skeleton = skeletonOf(doc);
  const skeletonFiles = subtree(files, skeleton);
  if (skeletonFiles.size === 0) {
    throw new InputError(
      `the template ${templateRef} has an empty ${skeleton}/`,
    );
  }
  return {
    templateRef,
    version,
    digest: digestFiles(skeletonFiles),
    skeleton,
    files,
  };
}

/**
 * Reads a template directory from disk (symlinks refused, `.git` skipped).
 *
 * @public
 */
export async function readTemplateDirectory(
  templateRef: string | undefined,
  dir: string,
): Promise<TemplateVersion> {
  return templateVersionFromFiles(templateRef, await readTree(dir));
}

/** A file tree as JSON-safe base64 strings, for storage. @public */
export function encodeFiles(files: FileTree): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, content] of [...files].sort(([a], [b]) =>
    a < b ? -1 : Number(a > b),
  )) {
    out[file] = content.toString('base64');
  }
  return out;
}

/** The inverse of {@link encodeFiles}. @public */
export function decodeFiles(encoded: Record<string, string>): FileTree {
  const files: FileTree = new Map();
  for (const [file, content] of Object.entries(encoded)) {
    files.set(
      assertRelativePath(file, 'stored file'),
      Buffer.from(content, 'base64'),
    );
  }
  return files;
}

/** Writes a file tree under a directory (paths checked; directories created). @public */
export async function writeTree(dir: string, files: FileTree): Promise<void> {
  for (const [file, content] of files) {
    assertRelativePath(file, 'file');
    const target = path.join(dir, ...file.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content);
  }
}

/** Reads every file under a directory into a tree (symlinks refused). @public */
export async function readTree(dir: string): Promise<FileTree> {
  const files: FileTree = new Map();
  let paths: string[];
  try {
    paths = await listWorkspaceFiles(dir);
  } catch (e) {
    if (e instanceof WorkspaceError) throw new InputError(e.message);
    throw e;
  }
  for (const file of paths) {
    files.set(file, await fs.readFile(path.join(dir, ...file.split('/'))));
  }
  return files;
}
