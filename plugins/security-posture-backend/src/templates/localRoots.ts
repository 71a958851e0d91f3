import path from 'node:path';

/**
 * Whether a path lies strictly inside one of `securityPosture.templates.localRoots`: the only
 * places the backend reads template files from disk.
 *
 * @internal
 */
export function isUnderLocalRoots(roots: string[], target: string): boolean {
  return roots.some(root => {
    const relative = path.relative(path.resolve(root), path.resolve(target));
    return (
      relative !== '' &&
      !relative.startsWith('..') &&
      !path.isAbsolute(relative)
    );
  });
}
