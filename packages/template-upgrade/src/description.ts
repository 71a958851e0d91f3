import type { UpgradeResult } from './result';

/**
 * A value as a Markdown code span on one line. Paths, titles and versions come from the
 * repository or the template, so none of them may break out of the span or the line.
 */
export const codeSpan = (s: string) =>
  `\`${s.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;

/** A posture finding an upgrade closes, for the description. */
export interface ClosedFinding {
  title: string;
  path: string;
}

/**
 * The change request's text for an upgrade (Markdown): the template's changelog, the files, the
 * conflicts, what needs a person, the findings it closes and the policy verdict. Every untrusted
 * value is in a code span; changelog entries lose their angle brackets so they cannot carry HTML.
 */
export function describe(
  result: Omit<UpgradeResult, 'description'>,
  closes: ClosedFinding[],
): string {
  return [
    `Upgrades ${codeSpan(result.templateRef)} from ${codeSpan(
      result.fromVersion,
    )} to ${codeSpan(result.toVersion)}.`,
    '',
    ...changelogSection(result),
    ...filesSection(result),
    ...conflictsSection(result),
    ...problemsSection(result),
    ...postureSection(closes),
    ...policySection(result),
  ].join('\n');
}

type Described = Omit<UpgradeResult, 'description'>;

function changelogSection(result: Described): string[] {
  if (result.changelog.length === 0) return [];
  const lines = ['## What changed in the template', ''];
  for (const version of result.changelog) {
    lines.push(`### ${version.version}`, '');
    for (const entry of version.changelog) {
      lines.push(
        `- ${entry.security ? '**Security:** ' : ''}${entry.text.replace(
          /[<>]/g,
          '',
        )}`,
      );
    }
    lines.push('');
  }
  return lines;
}

function filesSection(result: Described): string[] {
  const lines = ['## Files', ''];
  if (result.changes.length === 0) lines.push('No file changes.', '');
  for (const c of result.changes) {
    lines.push(
      `- ${c.action} ${codeSpan(c.path)} (${c.ownership})${
        c.note ? `: ${c.note}` : ''
      }`,
    );
  }
  for (const r of result.renamed)
    lines.push(`- rename ${codeSpan(r.from)} to ${codeSpan(r.to)}`);
  lines.push('');
  return lines;
}

function conflictsSection(result: Described): string[] {
  const conflicted = result.changes.filter(c => c.action === 'conflict');
  const lines = ['## Conflicts', ''];
  if (conflicted.length === 0) return [...lines, 'None.', ''];
  for (const c of conflicted) {
    lines.push(
      `- ${codeSpan(c.path)}: ${
        c.conflicts
      } region(s) marked with <<<<<<< / >>>>>>>`,
    );
  }
  lines.push('');
  return lines;
}

function problemsSection(result: Described): string[] {
  if (result.problems.length === 0) return [];
  return [
    '## Needs a person',
    '',
    ...result.problems.map(p => `- ${codeSpan(p.path)}: ${p.problem}`),
    '',
  ];
}

function postureSection(closes: ClosedFinding[]): string[] {
  const lines = ['## Security posture', ''];
  if (closes.length === 0)
    lines.push('No open finding is on a file this upgrade replaces.');
  for (const f of closes)
    lines.push(`- closes ${codeSpan(f.title)} on ${codeSpan(f.path)}`);
  lines.push('');
  return lines;
}

function policySection(result: Described): string[] {
  const warnings = result.policy.violations.filter(v => v.mode !== 'enforce');
  return [
    '## Policies',
    '',
    result.policy.passed
      ? `The merged result passes every enforced policy${
          warnings.length ? ` (${warnings.length} warning(s))` : ''
        }.`
      : `The merged result fails ${
          result.policy.violations.filter(v => v.mode === 'enforce').length
        } enforced rule(s).`,
  ];
}
