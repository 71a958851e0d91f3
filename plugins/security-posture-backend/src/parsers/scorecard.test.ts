import { ReportInputError } from './errors';
import { parseReportBody } from './safeJson';
import { detectScorecard, parseScorecard } from './scorecard';
import { fixtureFiles, readFixture } from './testFixtures';

function load(file: string) {
  return parseReportBody(readFixture('scorecard', file));
}

describe('parseScorecard', () => {
  it.each(fixtureFiles('scorecard'))('detects %s', file => {
    expect(detectScorecard(load(file))).toBe(true);
  });

  it('turns checks into posture checks, not findings', () => {
    const report = parseScorecard(load('scorecard_testdata_check1.json'));
    expect(report).toEqual({
      format: 'scorecard',
      tools: [{ name: 'scorecard', version: '1.2.3' }],
      findings: [],
      checks: [
        {
          name: 'Check-Name',
          score: 5,
          reason: 'half score reason',
          documentationUrl:
            'https://github.com/ossf/scorecard/blob/main/docs/checks.md#check-name',
          details: ['Warn: warn message: src/file1.cpp:5'],
        },
      ],
      commit: '68bc59901773ab4c051dfcea0cc4201a1567ab32',
      scannedAt: '2023-03-02T10:30:43-06:00',
    });
  });

  it('keeps inconclusive checks at -1', () => {
    const report = parseScorecard(load('scorecard_testdata_check4.json'));
    expect(report.checks.map(c => [c.name, c.score])).toEqual([
      ['Check-Name', 0],
      ['Check-Name2', 0],
      ['Check-Name3', -1],
    ]);
    expect(report.checks[2].details).toHaveLength(3);
  });

  it('keeps maintainer annotations', () => {
    const report = parseScorecard(
      load('scorecard_testdata_check1_annotations.json'),
    );
    expect(report.checks[0].annotations).toEqual([
      'The files or code snippets are only used for test or example purposes.',
      'The dangerous files or code snippets are necessary but remediations were already applied.',
    ]);
  });

  it('reads probe output as unscored checks', () => {
    const report = parseScorecard(load('scorecard_testdata_probe1.json'));
    expect(report.commit).toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(report.checks).toEqual([
      {
        name: 'check for X',
        score: -1,
        reason: 'Probe outcome: True',
        details: ['True: found X (some/path/to/file)'],
      },
      {
        name: 'check for Y',
        score: -1,
        reason: 'Probe outcome: False',
        details: ['False: did not find Y'],
      },
    ]);
  });

  it('refuses a score outside -1..10, naming the check', () => {
    const doc = JSON.parse(
      readFixture('scorecard', 'scorecard_testdata_check1.json').toString(),
    );
    doc.checks[0].score = 11;
    expect(() => parseScorecard(doc)).toThrow(ReportInputError);
    expect(() => parseScorecard(doc)).toThrow(/Check-Name.*11/);
  });
});
