import { ParsedFinding } from '@golden-path/plugin-security-posture-common';
import { mergeFindings, separateCollisions } from './merge';

function finding(overrides: Partial<ParsedFinding>): ParsedFinding {
  return {
    fingerprint: 'a',
    tool: 't',
    kind: 'sca',
    ruleId: 'CVE-2021-0001',
    title: 'title',
    severity: 'low',
    aliases: [],
    cwes: [],
    message: 'message',
    ...overrides,
  };
}

describe('mergeFindings', () => {
  it('merges equal fingerprints: union of ids, worst severity, open unless all suppressed', () => {
    const suppressed = { source: 'vex' as const, state: 'not_affected' };
    const merged = mergeFindings([
      finding({
        aliases: ['CVE-2021-0001'],
        cwes: ['CWE-79'],
        suppression: suppressed,
        cvssScore: 3,
      }),
      finding({ fingerprint: 'b' }),
      finding({
        aliases: ['GHSA-aaaa-bbbb-cccc'],
        cwes: ['CWE-20'],
        severity: 'high',
        cvssScore: 7.5,
      }),
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toEqual(
      finding({
        aliases: ['CVE-2021-0001', 'GHSA-aaaa-bbbb-cccc'],
        cwes: ['CWE-20', 'CWE-79'],
        severity: 'high',
        cvssScore: 7.5,
      }),
    );
    expect(merged[1].fingerprint).toBe('b');
  });

  it('keeps a suppression when every duplicate is suppressed', () => {
    const suppression = {
      source: 'sarif' as const,
      state: 'inSource:accepted',
    };
    const merged = mergeFindings([
      finding({ suppression }),
      finding({ suppression }),
    ]);
    expect(merged).toEqual([finding({ suppression })]);
  });
});

describe('separateCollisions', () => {
  it('keeps places apart and leaves duplicates at one place to be merged', () => {
    const out = separateCollisions([
      { finding: finding({}), place: 'a.c:1' },
      { finding: finding({}), place: 'a.c:9' },
      { finding: finding({}), place: 'a.c:1' },
    ]);
    expect(out[0].fingerprint).toBe('a');
    expect(out[1].fingerprint).not.toBe('a');
    expect(out[2].fingerprint).toBe('a');
    expect(mergeFindings(out)).toHaveLength(2);
  });
});
