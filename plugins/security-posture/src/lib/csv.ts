/** One CSV cell value; `null` and `undefined` become empty cells. */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): always quoted, inner quotes doubled. Text that a spreadsheet would
 * run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with a
 * single quote so it stays text (OWASP "CSV injection"). Numbers are written as they are.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) {
    return '""';
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? `"${value}"` : '""';
  }
  let text = String(value);
  if (FORMULA_START.test(text)) {
    text = `'${text}`;
  }
  return `"${text.replace(/"/g, '""')}"`;
}

/** A CSV document: a header row and data rows, CRLF line ends. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows]
    .map(row => row.map(csvField).join(','))
    .join('\r\n')
    .concat('\r\n');
}
