import { FileTree } from './content';
import { isText, mergeText } from './merge';
import { OwnershipClass, OwnershipRules, ownershipOf } from './ownership';

/** What an upgrade does to one file. @public */
export type FileAction =
  | 'add'
  | 'update'
  | 'merge'
  | 'conflict'
  | 'delete'
  | 'rename'
  | 'patch'
  | 'keep';

/** One line of an upgrade's report. @public */
export interface FileChange {
  path: string;
  ownership: OwnershipClass | 'team';
  action: FileAction;
  /** Conflict regions written into the file (action `conflict`). */
  conflicts?: number;
  /** Why, in words, when it is not obvious (the team's edits replaced, a file kept, ...). */
  note?: string;
}

/** The three trees of an upgrade and the new version's ownership rules. @public */
export interface MergeInput {
  /** The repository (after the migrations' renames and patches). */
  ours: FileTree;
  /** The old version rendered with the recorded answers (after the same renames). */
  base: FileTree;
  /** The new version rendered with the same answers. */
  theirs: FileTree;
  ownership: OwnershipRules;
  labels: { ours: string; base: string; theirs: string };
}

const same = (a?: Buffer, b?: Buffer) =>
  a !== undefined && b !== undefined && a.equals(b);

/**
 * Merges a new template version into a repository, file by file, by ownership class:
 * - `managed`: the template's file wins; the team's edits are reported (they were drift);
 * - `merged`: a three-way merge, with conflict markers where both changed the same lines;
 * - `seeded`: never touched once created;
 * - any file the template never made is the team's and is never changed or deleted. A file the
 *   template stops making is deleted only when the team never edited it.
 *
 * @public
 */
export function mergeTrees(input: MergeInput): {
  files: FileTree;
  changes: FileChange[];
} {
  const { ours, base, theirs, ownership, labels } = input;
  const files: FileTree = new Map(ours);
  const changes: FileChange[] = [];
  const paths = [...new Set([...base.keys(), ...theirs.keys()])].sort();
  for (const file of paths) {
    const cls = ownershipOf(file, ownership);
    const o = ours.get(file);
    const b = base.get(file);
    const t = theirs.get(file);
    const change = (action: FileAction, extra: Partial<FileChange> = {}) =>
      changes.push({ path: file, ownership: cls, action, ...extra });
    if (cls === 'seeded' || cls === 'ignored') {
      if (t && !b && !o) {
        files.set(file, t);
        change('add', {
          note: 'new in this version; the team owns it from now on',
        });
      }
      continue;
    }
    if (!t) {
      // The new version no longer makes this file.
      if (!o) continue;
      if (same(o, b)) {
        files.delete(file);
        change('delete', {
          note: 'the template no longer has it and it was never edited',
        });
      } else {
        change('keep', {
          note: 'the template no longer has it; kept because the team edited it',
        });
      }
      continue;
    }
    if (same(o, t)) continue;
    if (cls === 'managed') {
      files.set(file, t);
      if (!o) {
        change('add', {
          note: b ? 'restored: it was missing from the repository' : undefined,
        });
      } else if (b && !same(o, b)) {
        change('update', {
          note: "the repository's edits to this managed file are replaced by the template's version",
        });
      } else if (!b) {
        change('update', {
          note: 'the template now manages this file; the repository had its own',
        });
      } else {
        change('update');
      }
      continue;
    }
    // merged
    if (!o) {
      if (b) {
        change('keep', { note: 'the team deleted it; not brought back' });
      } else {
        files.set(file, t);
        change('add');
      }
      continue;
    }
    const base0 = b ?? Buffer.alloc(0);
    if (same(o, base0)) {
      files.set(file, t);
      change('update');
      continue;
    }
    if (same(t, base0)) continue;
    if (!isText(o) || !isText(base0) || !isText(t)) {
      change('conflict', {
        conflicts: 1,
        note: 'binary file changed by both: the repository version is kept',
      });
      continue;
    }
    const merged = mergeText(
      o.toString('utf8'),
      base0.toString('utf8'),
      t.toString('utf8'),
      labels,
    );
    files.set(file, Buffer.from(merged.text, 'utf8'));
    if (merged.conflicts > 0)
      change('conflict', { conflicts: merged.conflicts });
    else change('merge');
  }
  return { files, changes };
}

/**
 * Drift: the managed files of a repository that differ from what its recorded template version
 * renders with its recorded answers (edited, or deleted).
 *
 * @public
 */
export function driftOf(
  ours: FileTree,
  rendered: FileTree,
  ownership: OwnershipRules,
): { path: string; change: 'edited' | 'deleted' }[] {
  const drift: { path: string; change: 'edited' | 'deleted' }[] = [];
  for (const [file, content] of [...rendered].sort(([a], [b]) =>
    a < b ? -1 : Number(a > b),
  )) {
    if (ownershipOf(file, ownership) !== 'managed') continue;
    const o = ours.get(file);
    if (!o) drift.push({ path: file, change: 'deleted' });
    else if (!o.equals(content)) drift.push({ path: file, change: 'edited' });
  }
  return drift;
}
