import { InputError } from '@backstage/errors';
import { applyPatch, type Operation } from 'fast-json-patch';
import semver from 'semver';
import yaml, { isSeq } from 'yaml';
import { z } from 'zod';
import { FileTree } from './content';
import { assertRelativePath } from './names';

const pathString = z.string().min(1).max(512);
const operation = z
  .object({
    op: z.enum(['add', 'replace', 'remove']),
    path: z.string().startsWith('/'),
    value: z.unknown().optional(),
  })
  .strict();

const step = z.union([
  z
    .object({ rename: z.object({ from: pathString, to: pathString }).strict() })
    .strict(),
  z
    .object({ move: z.object({ from: pathString, to: pathString }).strict() })
    .strict(),
  z
    .object({
      yamlPatch: z
        .object({
          file: pathString,
          document: z.number().int().min(0).optional(),
          ops: z.array(operation).min(1),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      jsonPatch: z
        .object({ file: pathString, ops: z.array(operation).min(1) })
        .strict(),
    })
    .strict(),
]);

const migrationsFile = z
  .object({
    migrations: z.array(
      z
        .object({
          version: z.string().refine(v => semver.valid(v) !== null, {
            message: 'must be a semantic version',
          }),
          description: z.string().optional(),
          steps: z.array(step).min(1),
        })
        .strict(),
    ),
  })
  .strict();

/** One declarative migration step. @public */
export type MigrationStep = z.infer<typeof step>;

/** The steps a version brings, applied when a repository moves past it. @public */
export interface Migration {
  version: string;
  description?: string;
  steps: MigrationStep[];
}

/**
 * Parses a template's `migrations.yaml`: per version, declarative steps for what a diff cannot
 * express (a file renamed or a directory moved, so the team's edits follow it; a structured
 * YAML or JSON patch of a file the team owns). No step runs code.
 *
 * @public
 */
export function parseMigrations(text: string | undefined): Migration[] {
  if (text === undefined) return [];
  let data: unknown;
  try {
    data = yaml.parse(text, { maxAliasCount: 50 });
  } catch (e) {
    throw new InputError(
      `migrations.yaml is not valid YAML: ${(e as Error).message}`,
    );
  }
  const parsed = migrationsFile.safeParse(data ?? { migrations: [] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `migrations.yaml is invalid at ${issue?.path.join('.') || '(top)'}: ${
        issue?.message
      }`,
    );
  }
  for (const migration of parsed.data.migrations) {
    for (const s of migration.steps) {
      const paths = stepPaths(s);
      for (const p of paths)
        assertRelativePath(p.replace(/\/+$/, ''), 'migration path');
    }
  }
  return parsed.data.migrations.sort((a, b) =>
    semver.compare(a.version, b.version),
  );
}

function stepPaths(s: MigrationStep): string[] {
  if ('rename' in s) return [s.rename.from, s.rename.to];
  if ('move' in s) return [s.move.from, s.move.to];
  if ('yamlPatch' in s) return [s.yamlPatch.file];
  return [s.jsonPatch.file];
}

/** The migrations of versions after `from` up to and including `to`. @public */
export function migrationsBetween(
  migrations: Migration[],
  from: string,
  to: string,
): Migration[] {
  return migrations.filter(
    m => semver.gt(m.version, from) && semver.lte(m.version, to),
  );
}

/** A path change made by rename/move steps, applied to the repository and the base alike. @public */
export function renamePath(file: string, migrations: Migration[]): string {
  let current = file;
  for (const m of migrations) {
    for (const s of m.steps) {
      if ('rename' in s && current === s.rename.from) current = s.rename.to;
      if ('move' in s) {
        const from = `${s.move.from.replace(/\/+$/, '')}/`;
        const to = `${s.move.to.replace(/\/+$/, '')}/`;
        if (current.startsWith(from)) current = to + current.slice(from.length);
      }
    }
  }
  return current;
}

/** Applies the rename/move steps to a tree's paths. @public */
export function renameTree(
  files: FileTree,
  migrations: Migration[],
): {
  files: FileTree;
  renamed: { from: string; to: string }[];
} {
  const out: FileTree = new Map();
  const renamed: { from: string; to: string }[] = [];
  for (const [file, content] of files) {
    const target = renamePath(file, migrations);
    if (target !== file) renamed.push({ from: file, to: target });
    if (!out.has(target) || target === file) out.set(target, content);
  }
  return { files: out, renamed };
}

function pointer(p: string): (string | number)[] {
  return p
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(s => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function patchYaml(
  text: string,
  documentIndex: number,
  ops: z.infer<typeof operation>[],
): string {
  const docs = yaml.parseAllDocuments(text);
  const doc = docs[documentIndex];
  if (!doc || !('setIn' in doc) || doc.errors.length > 0) {
    throw new Error(`has no readable YAML document ${documentIndex}`);
  }
  for (const op of ops) {
    const segments = pointer(op.path);
    if (op.op === 'remove') {
      if (!doc.hasIn(segments)) throw new Error(`has nothing at ${op.path}`);
      doc.deleteIn(segments);
    } else if (op.op === 'replace') {
      if (!doc.hasIn(segments)) throw new Error(`has nothing at ${op.path}`);
      doc.setIn(segments, op.value);
    } else {
      const last = segments[segments.length - 1];
      const parent = doc.getIn(segments.slice(0, -1), true);
      if (last === '-' && isSeq(parent)) parent.add(doc.createNode(op.value));
      else doc.setIn(segments, op.value);
    }
  }
  return docs.map(d => d.toString()).join('');
}

/**
 * Applies the structured patch steps to the repository's files. A patch whose file is missing
 * or whose path does not fit is reported, not forced.
 *
 * @public
 */
export function applyPatches(
  files: FileTree,
  migrations: Migration[],
): { patched: string[]; problems: { path: string; problem: string }[] } {
  const patched: string[] = [];
  const problems: { path: string; problem: string }[] = [];
  for (const m of migrations) {
    for (const s of m.steps) {
      if (!('yamlPatch' in s) && !('jsonPatch' in s)) continue;
      const file = 'yamlPatch' in s ? s.yamlPatch.file : s.jsonPatch.file;
      const content = files.get(file);
      if (!content) {
        problems.push({
          path: file,
          problem: `version ${m.version} patches this file, which the repository does not have`,
        });
        continue;
      }
      try {
        let text: string;
        if ('yamlPatch' in s) {
          text = patchYaml(
            content.toString('utf8'),
            s.yamlPatch.document ?? 0,
            s.yamlPatch.ops,
          );
        } else {
          const json = JSON.parse(content.toString('utf8'));
          const result = applyPatch(
            json,
            s.jsonPatch.ops as Operation[],
            true,
            false,
          );
          text = `${JSON.stringify(result.newDocument, null, 2)}\n`;
        }
        if (text !== content.toString('utf8')) {
          files.set(file, Buffer.from(text, 'utf8'));
          if (!patched.includes(file)) patched.push(file);
        }
      } catch (e) {
        problems.push({
          path: file,
          problem: `version ${m.version}'s patch could not be applied: ${
            (e as Error).message.split('\n')[0]
          }`,
        });
      }
    }
  }
  return { patched, problems };
}
