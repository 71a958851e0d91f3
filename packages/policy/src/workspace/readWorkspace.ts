import fs from 'node:fs/promises';
import path from 'node:path';
import { parseDockerfile } from '../parsers/dockerfile';
import type { ParsedDockerfile } from '../parsers/dockerfile';
import { parseYamlDocuments } from '../parsers/yamlDocuments';
import { isKubernetesObject, workloadOf } from './kubernetes';
import type { KubernetesObject, Workload } from './kubernetes';

/**
 * Limits on the workspace a policy evaluation reads; anything over them is refused.
 *
 * @public
 */
export const WORKSPACE_LIMITS = {
  /** Most files (directories excluded) in the workspace. */
  maxFiles: 5000,
  /** Largest file that is parsed, in bytes; larger files are listed but their content is not read. */
  maxParsedFileBytes: 1024 * 1024,
  /** Most bytes read over all files. */
  maxTotalBytes: 32 * 1024 * 1024,
} as const;

/**
 * A file as policy expressions see it (the `file` variable).
 *
 * @public
 */
export interface WorkspaceFile {
  /** Workspace-relative path with `/` separators. */
  path: string;
  /** Base name. */
  name: string;
  /** How the file was parsed. */
  kind: 'dockerfile' | 'yaml' | 'text' | 'binary' | 'oversized';
  /** The file's lines (empty for binary and oversized files). */
  lines: string[];
  /** The Dockerfile, for `kind: dockerfile`. */
  dockerfile?: ParsedDockerfile;
  /** The YAML documents, for `kind: yaml` (mappings carry `_line`); empty otherwise. */
  documents: unknown[];
  /** The Kubernetes workloads in the YAML documents (with their pod specs). */
  workloads: Workload[];
  /** Why the file could not be parsed, if it could not. */
  errors: { message: string; line: number }[];
}

/**
 * The workspace as policy expressions see it (the `workspace` variable).
 *
 * @public
 */
export interface WorkspaceModel {
  /** Every file path, sorted. */
  files: string[];
  /** The first document of `catalog-info.yaml`, or an empty map. */
  catalog: Record<string, unknown>;
  /** Every parsed YAML file. */
  yaml: { path: string; documents: unknown[] }[];
  /** Every Kubernetes object in the workspace's YAML files. */
  k8s: { path: string; object: KubernetesObject }[];
  /** Every Kubernetes workload in the workspace's YAML files. */
  workloads: (Workload & { path: string })[];
  /** The GitHub Actions workflows (`.github/workflows/*.yml|yaml`), first document each. */
  workflows: { path: string; workflow: Record<string, unknown> }[];
  /** Every Dockerfile. */
  dockerfiles: { path: string; dockerfile: ParsedDockerfile }[];
  /** Entries of `.dockerignore` (trimmed, comments and blanks dropped). */
  dockerignore: string[];
  /** Entries of `.gitignore` (trimmed, comments and blanks dropped). */
  gitignore: string[];
}

/**
 * A workspace that cannot be evaluated safely (symlinks, over the limits).
 *
 * @public
 */
export class WorkspaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

/**
 * Whether a file name is a Dockerfile (`Dockerfile`, `Dockerfile.x`, `x.Dockerfile`).
 *
 * @public
 */
export function isDockerfileName(name: string): boolean {
  return (
    /^(Dockerfile|Containerfile)(\..+)?$/.test(name) ||
    /\.(Dockerfile|Containerfile)$/.test(name)
  );
}

async function walk(
  root: string,
  rel: string,
  out: string[],
  symlinks: string[],
): Promise<void> {
  const entries = await fs.readdir(path.join(root, rel), {
    withFileTypes: true,
  });
  for (const entry of entries) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink()) {
      symlinks.push(child);
    } else if (entry.isDirectory()) {
      if (child === '.git') continue;
      await walk(root, child, out, symlinks);
    } else if (entry.isFile()) {
      out.push(child);
      if (out.length > WORKSPACE_LIMITS.maxFiles) {
        throw new WorkspaceError(
          `the workspace has more than ${WORKSPACE_LIMITS.maxFiles} files`,
        );
      }
    }
  }
}

/**
 * Lists a directory's files (skipping `.git/`), refusing symlinks.
 *
 * @public
 */
export async function listWorkspaceFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const symlinks: string[] = [];
  await walk(root, '', files, symlinks);
  if (symlinks.length > 0) {
    throw new WorkspaceError(
      `the workspace contains symbolic links, which are refused: ${symlinks
        .sort()
        .join(', ')}`,
    );
  }
  return files.sort();
}

function ignoreEntries(file: WorkspaceFile | undefined): string[] {
  return (file?.lines ?? [])
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'));
}

function parseFile(rel: string, buffer: Buffer): WorkspaceFile {
  const name = path.posix.basename(rel);
  const base: WorkspaceFile = {
    path: rel,
    name,
    kind: 'text',
    lines: [],
    documents: [],
    workloads: [],
    errors: [],
  };
  if (buffer.includes(0)) {
    return {
      ...base,
      kind: 'binary',
      errors: [{ message: 'binary file', line: 1 }],
    };
  }
  const text = buffer.toString('utf8');
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (isDockerfileName(name)) {
    return {
      ...base,
      kind: 'dockerfile',
      lines,
      dockerfile: parseDockerfile(text),
    };
  }
  if (/\.ya?ml$/.test(name)) {
    const parsed = parseYamlDocuments(text);
    return {
      ...base,
      kind: 'yaml',
      lines,
      documents: parsed.documents,
      workloads: parsed.documents.flatMap(d => workloadOf(d) ?? []),
      errors: parsed.errors,
    };
  }
  return { ...base, lines };
}

/**
 * Reads and parses a workspace for policy evaluation.
 *
 * @public
 */
export async function readWorkspace(root: string): Promise<{
  model: WorkspaceModel;
  files: Map<string, WorkspaceFile>;
}> {
  const paths = await listWorkspaceFiles(root);
  const files = new Map<string, WorkspaceFile>();
  let total = 0;
  for (const rel of paths) {
    const abs = path.join(root, ...rel.split('/'));
    const stat = await fs.lstat(abs);
    if (stat.size <= WORKSPACE_LIMITS.maxParsedFileBytes) {
      total += stat.size;
      if (total > WORKSPACE_LIMITS.maxTotalBytes) {
        throw new WorkspaceError(
          `the workspace holds more than ${WORKSPACE_LIMITS.maxTotalBytes} bytes`,
        );
      }
      files.set(rel, parseFile(rel, await fs.readFile(abs)));
    } else {
      files.set(rel, {
        path: rel,
        name: path.posix.basename(rel),
        kind: 'oversized',
        lines: [],
        documents: [],
        workloads: [],
        errors: [
          {
            message: `larger than ${WORKSPACE_LIMITS.maxParsedFileBytes} bytes`,
            line: 1,
          },
        ],
      });
    }
  }
  const all = [...files.values()];
  const yamlFiles = all.filter(f => f.kind === 'yaml');
  const catalogDoc = files.get('catalog-info.yaml')?.documents[0];
  const model: WorkspaceModel = {
    files: paths,
    catalog:
      catalogDoc && typeof catalogDoc === 'object'
        ? (catalogDoc as Record<string, unknown>)
        : {},
    yaml: yamlFiles.map(f => ({ path: f.path, documents: f.documents })),
    k8s: yamlFiles.flatMap(f =>
      f.documents
        .filter(isKubernetesObject)
        .map(object => ({ path: f.path, object })),
    ),
    workloads: yamlFiles.flatMap(f =>
      f.workloads.map(w => ({ ...w, path: f.path })),
    ),
    workflows: yamlFiles
      .filter(f => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(f.path))
      .map(f => {
        const doc = f.documents[0];
        return {
          path: f.path,
          workflow:
            doc && typeof doc === 'object'
              ? (doc as Record<string, unknown>)
              : {},
        };
      }),
    dockerfiles: all
      .filter(f => f.dockerfile)
      .map(f => ({
        path: f.path,
        dockerfile: f.dockerfile as ParsedDockerfile,
      })),
    dockerignore: ignoreEntries(files.get('.dockerignore')),
    gitignore: ignoreEntries(files.get('.gitignore')),
  };
  return { model, files };
}
