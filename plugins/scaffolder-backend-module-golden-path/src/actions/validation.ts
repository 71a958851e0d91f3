import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { listWorkspaceFiles, WorkspaceError } from '@golden-path/policy';
import { assertDnsLabel } from '@golden-path/template-upgrade';

export { assertDnsLabel };

/**
 * Limits on template values and action inputs.
 *
 * @public
 */
export const INPUT_LIMITS = {
  /** Longest path input, in characters. */
  maxPathLength: 512,
  /** Deepest path input, in segments. */
  maxPathSegments: 16,
  /** Longest free-text value (e.g. a description), in characters. */
  maxTextLength: 1000,
  /** Longest identifier-like value (owner, system refs), in characters. */
  maxRefLength: 253,
  /** Most answers recorded in provenance. */
  maxAnswers: 50,
} as const;

const TEMPLATE_EXPRESSION = /\$\{\{|\{\{|\{%|\{#/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/**
 * Checks a path given as an action input and returns it normalised (NFC, `/` separators).
 * Refuses absolute paths, drive letters, `..`, NUL and control characters, backslashes,
 * anything inside `.git/`, and paths over the limits.
 *
 * @public
 */
export function assertSafeRelativePath(value: string, what: string): string {
  const normalised = value.normalize('NFC');
  if (normalised.length > INPUT_LIMITS.maxPathLength) {
    throw new InputError(
      `${what} is longer than ${INPUT_LIMITS.maxPathLength} characters`,
    );
  }
  if (CONTROL.test(normalised) || /[\n\t]/.test(normalised)) {
    throw new InputError(`${what} contains control characters`);
  }
  if (normalised.includes('\\')) {
    throw new InputError(`${what} contains a backslash; use '/'`);
  }
  if (
    path.posix.isAbsolute(normalised) ||
    path.win32.isAbsolute(normalised) ||
    /^[a-zA-Z]:/.test(normalised)
  ) {
    throw new InputError(
      `${what} must be a relative path, got an absolute one`,
    );
  }
  const segments = normalised.split('/').filter(s => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw new InputError(`${what} must not leave its directory ('..')`);
  }
  if (segments.some(s => s.toLowerCase() === '.git')) {
    throw new InputError(`${what} must not point into .git/`);
  }
  if (segments.length > INPUT_LIMITS.maxPathSegments) {
    throw new InputError(
      `${what} is deeper than ${INPUT_LIMITS.maxPathSegments} directories`,
    );
  }
  return segments.join('/') || '.';
}

/**
 * Resolves a checked relative path under a directory, refusing any symlink on the way.
 *
 * @public
 */
export async function resolveInside(
  root: string,
  relative: string,
  what: string,
): Promise<string> {
  const rel = assertSafeRelativePath(relative, what);
  let current = path.resolve(root);
  for (const segment of rel === '.' ? [] : rel.split('/')) {
    current = path.join(current, segment);
    const stat = await fs.lstat(current).catch(() => undefined);
    if (stat?.isSymbolicLink()) {
      throw new InputError(
        `${what} goes through a symbolic link, which is refused`,
      );
    }
  }
  return current;
}

/**
 * Refuses a directory tree that contains symbolic links (or is one).
 *
 * @public
 */
export async function assertNoSymlinks(
  dir: string,
  what: string,
): Promise<void> {
  const stat = await fs.lstat(dir);
  if (stat.isSymbolicLink()) {
    throw new InputError(`${what} is a symbolic link, which is refused`);
  }
  try {
    await listWorkspaceFiles(dir);
  } catch (e) {
    if (e instanceof WorkspaceError) {
      throw new InputError(`${what}: ${e.message}`);
    }
    throw e;
  }
}

/**
 * Checks a free-text value: at most `max` characters, no control characters other than
 * newlines and tabs, and no template expression (`${{`, `{{`, `{%`, `{#`), so that it can
 * never be rendered a second time.
 *
 * @public
 */
export function assertPlainText(
  value: string,
  what: string,
  max: number = INPUT_LIMITS.maxTextLength,
): string {
  if (value.length > max) {
    throw new InputError(`${what} is longer than ${max} characters`);
  }
  if (TEMPLATE_EXPRESSION.test(value)) {
    throw new InputError(
      `${what} contains a template expression ('\${{', '{{', '{%' or '{#'), which is refused`,
    );
  }
  if (CONTROL.test(value)) {
    throw new InputError(`${what} contains control characters`);
  }
  return value;
}

/**
 * Checks an entity reference such as `group:default/team-a`.
 *
 * @public
 */
export function assertEntityRef(value: string, what: string): string {
  assertPlainText(value, what, INPUT_LIMITS.maxRefLength);
  if (
    !/^([a-z][a-z0-9-]*:)?([a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/i.test(
      value,
    )
  ) {
    throw new InputError(
      `${what} is not an entity reference (kind:namespace/name)`,
    );
  }
  return value;
}

/**
 * Whether a parameter name looks like it holds a secret.
 *
 * @public
 */
export function looksSecret(name: string): boolean {
  return /(secret|token|passw|pwd|api[-_]?key|private[-_]?key|credential|auth|cookie|session)/i.test(
    name,
  );
}
