/** One line of the printed result table. */
export interface FigureRow {
  figure: string;
  value: string;
  baseline: string;
  /** value / baseline, printed as `2.31x` or as a percentage. */
  ratio: number | undefined;
  ratioAsPercent?: boolean;
  /** Upper bound of the ratio; undefined for informational rows. */
  target: number | undefined;
  /** Printed instead of the ratio and the target (e.g. `0 rows` and `0 rows`). */
  ratioText?: string;
  targetText?: string;
}

/** PASS, MISS or `info` for a row. */
export function verdict(row: FigureRow): string {
  if (row.target === undefined || row.ratio === undefined) {
    return 'info';
  }
  return row.ratio <= row.target ? 'PASS' : 'MISS';
}

function formatRatio(value: number | undefined, percent?: boolean): string {
  if (value === undefined) {
    return '-';
  }
  return percent ? `${(value * 100).toFixed(1)}%` : `${value.toFixed(2)}x`;
}

/** Milliseconds as `812 ms` or `12.41 s`. */
export function formatMs(ms: number): string {
  return ms < 1000
    ? `${ms.toFixed(ms < 10 ? 2 : 0)} ms`
    : `${(ms / 1000).toFixed(2)} s`;
}

/** A rate as `12,345/s`. */
export function formatRate(count: number, ms: number): string {
  return `${Math.round((count * 1000) / ms).toLocaleString('en-US')}/s`;
}

/** Renders rows as a fixed-width text table. */
export function renderTable(title: string, rows: FigureRow[]): string {
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'result'];
  const cells = rows.map(r => [
    r.figure,
    r.value,
    r.baseline,
    r.ratioText ?? formatRatio(r.ratio, r.ratioAsPercent),
    r.targetText ??
      (r.target === undefined
        ? '-'
        : `<= ${formatRatio(r.target, r.ratioAsPercent)}`),
    verdict(r),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...cells.map(c => c[i].length)),
  );
  const line = (c: string[]) =>
    `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  const rule = `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`;
  return [`### ${title}`, line(header), rule, ...cells.map(line)].join('\n');
}

/** The closing line of a benchmark's output: its run time and how many targets it missed. */
export function totalLine(startedAt: number, misses: number): string {
  return `total ${((Date.now() - startedAt) / 1000).toFixed(
    0,
  )} s; ${misses} target(s) missed (a benchmark: a MISS does not fail the run)`;
}

/**
 * Runs a benchmark's main function as the process: exit 0 when it finished (a MISS included),
 * 1 with the error and its cause on stderr when it failed.
 */
export function runBenchmark(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    error => {
      process.stderr.write(
        `${name} failed: ${error?.stack ?? error}${
          error?.cause
            ? `\ncaused by: ${error.cause?.stack ?? error.cause}`
            : ''
        }\n`,
      );
      process.exit(1);
    },
  );
}
