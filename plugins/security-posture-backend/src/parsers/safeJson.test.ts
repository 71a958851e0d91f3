import { ReportInputError } from './errors';
import { DEFAULT_REPORT_LIMITS, parseReportBody } from './safeJson';

function refusal(run: () => unknown): ReportInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof ReportInputError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ReportInputError');
}

describe('parseReportBody', () => {
  it('reads JSON from a buffer or a string, with or without a BOM', () => {
    expect(parseReportBody(Buffer.from('{"a":[1,"x"]}'))).toEqual({
      a: [1, 'x'],
    });
    expect(parseReportBody('\ufeff[]')).toEqual([]);
  });

  it('refuses an empty body with 400', () => {
    const error = refusal(() => parseReportBody(Buffer.from('  \n')));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('empty');
    expect(error.message).toBe('Report body is empty');
  });

  it('refuses malformed JSON with 400, naming line and column', () => {
    const error = refusal(() =>
      parseReportBody('{\n  "runs": [\n    1,\n  ]\n}'),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('malformed-json');
    // the stray "]" is on line 4, column 3
    expect(error.message).toMatch(
      /^Report is not valid JSON at line 4, column 3/,
    );
  });

  it('does not quote report content in a JSON error', () => {
    const error = refusal(() =>
      parseReportBody('{"token": "ghp_secretvalue123456" x}'),
    );
    expect(error.message).not.toContain('ghp_secret');
  });

  it('refuses a truncated body', () => {
    const error = refusal(() => parseReportBody('{"runs": ['));
    expect(error.code).toBe('malformed-json');
    expect(error.message).toBe(
      'Report is not valid JSON at line 1, column 11 (unexpected end of input)',
    );
  });

  it.each([
    ['{"a" 1}', 1, 6],
    ['[1,]', 1, 4],
    ['{"a":1,}', 1, 8],
    ['[tru]', 1, 2],
    ['["tab\there"]', 1, 6],
    ['{"a":1}\n{"b":2}', 2, 1],
    ['[01]', 1, 3],
  ])(
    'locates the error in %s at line %d, column %d',
    (text, lineNo, column) => {
      const body = text.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
      expect(refusal(() => parseReportBody(body)).message).toContain(
        `at line ${lineNo}, column ${column}`,
      );
    },
  );

  it('refuses a body over the size limit with 413', () => {
    const error = refusal(() => parseReportBody('[1,2,3]', { maxBytes: 5 }));
    expect(error.statusCode).toBe(413);
    expect(error.message).toBe('Report is 7 bytes; the limit is 5');
  });

  it('refuses nesting deeper than the limit with 422, naming where', () => {
    const deep = `${'['.repeat(65)}${']'.repeat(65)}`;
    const error = refusal(() => parseReportBody(deep));
    expect(error.statusCode).toBe(422);
    expect(error.code).toBe('too-deep');
    expect(error.message).toContain(
      `limit of ${DEFAULT_REPORT_LIMITS.maxDepth}`,
    );
    expect(parseReportBody(`${'['.repeat(64)}${']'.repeat(64)}`)).toBeDefined();
  });

  it('survives very deep nesting without overflowing the stack', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(refusal(() => parseReportBody(deep)).code).toBe('too-deep');
    expect(() => parseReportBody(deep, { maxDepth: 10000 })).not.toThrow();
    expect(refusal(() => parseReportBody(`${deep}]`)).message).toBe(
      'Report is not valid JSON at line 1, column 10001: Unexpected non-whitespace character after JSON',
    );
  });

  it('refuses a string longer than the limit, naming its path', () => {
    const body = JSON.stringify({
      runs: [{ results: [{ message: { text: 'x'.repeat(101) } }] }],
    });
    const error = refusal(() =>
      parseReportBody(body, { maxStringLength: 100 }),
    );
    expect(error.statusCode).toBe(422);
    expect(error.message).toBe(
      'Report string at $.runs[0].results[0].message.text is 101 characters long; the limit is 100',
    );
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses the key %s anywhere, and nothing is polluted',
    key => {
      const body = `{"runs":[{"tool":{"${key}":{"polluted":true}}}]}`;
      const error = refusal(() => parseReportBody(body));
      expect(error.statusCode).toBe(422);
      expect(error.message).toBe(
        `Report contains the forbidden key "${key}" at $.runs[0].tool`,
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
  );

  it('reads a 100,000-result SARIF log (speed is measured in test/bench)', () => {
    const results = Array.from({ length: 100_000 }, (_, i) => ({
      ruleId: `rule-${i % 50}`,
      level: 'warning',
      message: { text: `Finding number ${i} in a generated file` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: `src/file-${i % 1000}.ts` },
            region: { startLine: (i % 500) + 1, startColumn: 3 },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: `${i.toString(16)}:1` },
    }));
    const body = Buffer.from(
      JSON.stringify({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'gen' } }, results }],
      }),
    );
    const doc = parseReportBody(body) as {
      runs: Array<{ results: unknown[] }>;
    };
    expect(doc.runs[0].results).toHaveLength(100_000);
  });
});
