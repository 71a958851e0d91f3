import { mergeDiff3 } from 'node-diff3';

/** Splits text into lines that keep their line endings, so a merge loses no newline. */
function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/**
 * A three-way merge of one text file with node-diff3: `ours` (the repository), `base` (the
 * old version rendered with the recorded answers) and `theirs` (the new version rendered with
 * the same answers). Conflicts are written git's diff3 way, with the base between the sides.
 *
 * @public
 */
export function mergeText(
  ours: string,
  base: string,
  theirs: string,
  labels: { ours: string; base: string; theirs: string },
): { text: string; conflicts: number } {
  const result = mergeDiff3(lines(ours), lines(base), lines(theirs), {
    label: { a: labels.ours, o: labels.base, b: labels.theirs },
    stringSeparator: /(?<=\n)/,
  });
  const start = `<<<<<<< ${labels.ours}`;
  const markers = new Set([
    start,
    `||||||| ${labels.base}`,
    '=======',
    `>>>>>>> ${labels.theirs}`,
  ]);
  let conflicts = 0;
  const out: string[] = [];
  for (const line of result.result as string[]) {
    // node-diff3 gives each marker as an entry of its own, without a newline.
    if (markers.has(line)) {
      if (line === start) conflicts += 1;
      const previous = out[out.length - 1];
      if (previous !== undefined && !previous.endsWith('\n')) out.push('\n');
      out.push(`${line}\n`);
    } else {
      out.push(line);
    }
  }
  return { text: out.join(''), conflicts };
}

/** Whether a buffer is text that can be merged line by line (no NUL, valid UTF-8). @public */
export function isText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  return Buffer.from(content.toString('utf8'), 'utf8').equals(content);
}
