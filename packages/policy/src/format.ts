import type { PolicyResult } from './types';

/**
 * Formats results for people: one block per violation, `file:line`, rule, message and fix,
 * then a count per mode.
 *
 * @public
 */
export function formatResults(results: readonly PolicyResult[]): string {
  if (results.length === 0) return 'No policy violations.';
  const lines: string[] = [];
  for (const r of results) {
    const where = r.line ? `${r.file}:${r.line}` : r.file;
    lines.push(
      `${where}  [${r.mode}/${r.severity}] ${r.policy}/${r.rule}: ${r.message}`,
    );
    lines.push(`    fix: ${r.fix}`);
  }
  const count = (mode: string) => results.filter(r => r.mode === mode).length;
  lines.push(
    `${results.length} violation(s): ${count('enforce')} enforced, ${count(
      'warn',
    )} warning(s), ${count('log')} logged.`,
  );
  return lines.join('\n');
}
