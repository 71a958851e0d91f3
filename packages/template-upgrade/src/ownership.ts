import path from 'node:path';
import { InputError } from '@backstage/errors';
// zod comes with @backstage/plugin-scaffolder-node; declare it in package.json (see README).
import { z } from 'zod';
import yaml from 'yaml';

/**
 * How a generated file is owned after creation: `managed` (the template overwrites it on
 * update), `merged` (three-way merged), `seeded` (written once, then the team's) or `ignored`.
 *
 * @public
 */
export type OwnershipClass = 'managed' | 'merged' | 'seeded' | 'ignored';

const ownershipClass = z.enum(['managed', 'merged', 'seeded', 'ignored']);
const globs = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const ruleSchema = z
  .object({
    path: globs.optional(),
    paths: globs.optional(),
    glob: globs.optional(),
    globs: globs.optional(),
    pattern: globs.optional(),
    class: ownershipClass.optional(),
    ownership: ownershipClass.optional(),
    description: z.string().optional(),
    reason: z.string().optional(),
  })
  .strict();

const listSchema = z
  .object({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    default: ownershipClass.optional(),
    files: z.array(ruleSchema).optional(),
    rules: z.array(ruleSchema).optional(),
  })
  .strict();

const mapSchema = z
  .object({
    default: ownershipClass.optional(),
    managed: z.array(z.string()).optional(),
    merged: z.array(z.string()).optional(),
    seeded: z.array(z.string()).optional(),
    ignored: z.array(z.string()).optional(),
  })
  .strict();

/**
 * Ownership rules of a template: globs mapped to classes, first match wins.
 *
 * @public
 */
export interface OwnershipRules {
  default: OwnershipClass;
  rules: { globs: string[]; class: OwnershipClass }[];
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Parses a template's `ownership.yaml`. Three shapes are accepted, first match wins in each:
 * a map `{ <glob>: <class>, ..., default?: <class> }` (the templates' shape), a list
 * `{ default?, files: [{ path: <glob or globs>, class: <class> }] }` (also `rules:`,
 * `glob(s)`/`pattern`, `ownership:`), or `{ default?, managed: [globs], merged: [...], ... }`.
 * Files matching no glob, and every file without an ownership file, are `seeded`.
 *
 * @public
 */
export function parseOwnership(text: string | undefined): OwnershipRules {
  if (text === undefined) return { default: 'seeded', rules: [] };
  let data: unknown;
  try {
    data = yaml.parse(text, { maxAliasCount: 50 });
  } catch (e) {
    throw new InputError(
      `ownership.yaml is not valid YAML: ${(e as Error).message}`,
    );
  }
  const list = listSchema.safeParse(data);
  if (list.success) {
    const entries = [...(list.data.files ?? []), ...(list.data.rules ?? [])];
    return {
      default: list.data.default ?? 'seeded',
      rules: entries.map((entry, i) => {
        const cls = entry.class ?? entry.ownership;
        const patterns = [
          ...asList(entry.path),
          ...asList(entry.paths),
          ...asList(entry.glob),
          ...asList(entry.globs),
          ...asList(entry.pattern),
        ];
        if (!cls || patterns.length === 0) {
          throw new InputError(
            `ownership.yaml entry ${i + 1} needs a path (glob) and a class`,
          );
        }
        return { globs: patterns, class: cls };
      }),
    };
  }
  const flat = z.record(z.string(), ownershipClass).safeParse(data);
  if (flat.success) {
    const { default: fallback, ...globsToClass } = flat.data;
    return {
      default: fallback ?? 'seeded',
      rules: Object.entries(globsToClass).map(([glob, cls]) => ({
        globs: [glob],
        class: cls,
      })),
    };
  }
  const map = mapSchema.safeParse(data);
  if (map.success) {
    const classes: OwnershipClass[] = [
      'managed',
      'merged',
      'ignored',
      'seeded',
    ];
    return {
      default: map.data.default ?? 'seeded',
      rules: classes
        .filter(c => map.data[c]?.length)
        .map(c => ({ globs: map.data[c] as string[], class: c })),
    };
  }
  throw new InputError(
    `ownership.yaml has an unknown shape: ${
      list.error.issues[0]?.message ?? 'invalid'
    }`,
  );
}

function matches(file: string, glob: string): boolean {
  const pattern = glob.replace(/^\.\//, '');
  if (pattern.endsWith('/')) return file.startsWith(pattern);
  return (
    path.posix.matchesGlob(file, pattern) ||
    path.posix.matchesGlob(file, `${pattern}/**`)
  );
}

/**
 * The ownership class of a workspace-relative file.
 *
 * @public
 */
export function ownershipOf(
  file: string,
  rules: OwnershipRules,
): OwnershipClass {
  return (
    rules.rules.find(r => r.globs.some(g => matches(file, g)))?.class ??
    rules.default
  );
}
