import crypto from 'node:crypto';

const sha256 = (data: Buffer | string) =>
  crypto.createHash('sha256').update(data).digest('hex');

/**
 * The content digest of a set of files (a template's skeleton): sha256 over the sorted
 * `path NUL sha256(content)` lines. It is what `goldenpath:provenance:write` records as
 * `template.contentDigest` and what a stored template version is checked against.
 *
 * @public
 */
export function digestFiles(
  files: Iterable<readonly [string, Buffer]>,
): string {
  const entries = [...files].map(([file, content]) => ({
    path: file,
    hash: sha256(content),
  }));
  entries.sort((a, b) => (a.path < b.path ? -1 : Number(a.path > b.path)));
  const digest = crypto.createHash('sha256');
  for (const e of entries) digest.update(`${e.path}\0${e.hash}\n`);
  return `sha256:${digest.digest('hex')}`;
}
