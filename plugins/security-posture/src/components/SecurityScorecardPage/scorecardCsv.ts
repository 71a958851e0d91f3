import { SEVERITIES } from '@golden-path/plugin-security-posture-common';
import { CsvValue, toCsv } from '../../lib/csv';
import { VisibleLine } from './scorecardTree';

/** Column headings of the scorecard CSV, in order. */
const SCORECARD_CSV_HEADER = [
  'level',
  'type',
  'name',
  'entityRef',
  'parentRef',
  'grade',
  'score',
  ...SEVERITIES,
  'slaBreaches',
  'mttrDays',
  'scannedComponents',
  'totalComponents',
];

/**
 * The scorecard lines exactly as shown (same order, only expanded children) as CSV: one line per
 * team, system or domain with its roll-up, and one per component listed under an expanded unit.
 */
export function scorecardCsv(lines: VisibleLine[]): string {
  const rows: CsvValue[][] = lines.map(line => {
    if (line.type === 'component') {
      return [
        line.depth,
        'component',
        line.entityRef.replace(/^[^:]*:(?:[^/]*\/)?/, ''),
        line.entityRef,
        ...Array(SCORECARD_CSV_HEADER.length - 4).fill(null),
      ];
    }
    const { row } = line;
    return [
      line.depth,
      row.entityRef.split(':')[0],
      row.title,
      row.entityRef,
      row.parentRef,
      row.grade,
      row.score,
      ...SEVERITIES.map(severity => row.open[severity]),
      row.overdue,
      row.meanTimeToRemediateDays,
      row.coverage.scanned,
      row.coverage.total,
    ];
  });
  return toCsv(SCORECARD_CSV_HEADER, rows);
}
