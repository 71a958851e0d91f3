import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { CVSS_SEVERITY_THRESHOLDS } from '@golden-path/plugin-security-posture-common';
import { SEVERITY_MAPPING } from './severityMapping';

const DOC = path.resolve(
  resolvePackagePath('@golden-path/plugin-security-posture-backend'),
  '../../docs/severity-mapping.md',
);

/** The body rows of the markdown table whose header row is `header`, as trimmed cells. */
function table(markdown: string, header: string[]): string[][] {
  const lines = markdown.split('\n');
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map(c => c.trim());
  const start = lines.findIndex(
    l => l.trim().startsWith('|') && cells(l).join('|') === header.join('|'),
  );
  if (start < 0) {
    throw new Error(`No table with header ${header.join(' | ')} in ${DOC}`);
  }
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.trim().startsWith('|')) {
      break;
    }
    rows.push(cells(line));
  }
  return rows;
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, '');

describe('docs/severity-mapping.md', () => {
  const markdown = fs.readFileSync(DOC, 'utf8');

  it('shows exactly the mapping the parsers use', () => {
    const documented = table(markdown, [
      'Format',
      'Step',
      'Source field',
      'Value',
      'Severity',
    ]).map(([format, step, field, value, severity]) => ({
      format,
      step: Number(step),
      field: unquote(field),
      value: unquote(value),
      severity: severity === 'CVSS thresholds' ? 'cvss' : severity,
    }));
    expect(documented).toEqual(SEVERITY_MAPPING.map(r => ({ ...r })));
  });

  it('shows exactly the CVSS thresholds the code uses', () => {
    const documented = table(markdown, ['Severity', 'Minimum CVSS score']).map(
      ([severity, minScore]) => ({ severity, minScore: Number(minScore) }),
    );
    expect(documented).toEqual(CVSS_SEVERITY_THRESHOLDS.map(t => ({ ...t })));
  });
});
