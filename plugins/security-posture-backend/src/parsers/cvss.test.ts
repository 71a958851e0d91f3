import { cvss3BaseScore } from './cvss';
import { readFixture } from './testFixtures';

interface TrivyCvss {
  V3Vector?: string;
  V3Score?: number;
}

/** Every (vector, score) pair that Trivy itself reported in the fixtures. */
function trivyPairs(): Array<[string, number]> {
  const pairs: Array<[string, number]> = [];
  for (const file of ['trivy_image_alpine-310.json', 'trivy_fs_npm.json']) {
    const doc = JSON.parse(readFixture('trivy', file).toString());
    for (const result of doc.Results) {
      for (const vuln of result.Vulnerabilities ?? []) {
        for (const entry of Object.values<TrivyCvss>(vuln.CVSS ?? {})) {
          if (entry.V3Vector && entry.V3Score !== undefined) {
            pairs.push([entry.V3Vector, entry.V3Score]);
          }
        }
      }
    }
  }
  return pairs;
}

describe('cvss3BaseScore', () => {
  const pairs = trivyPairs();

  it('has real pairs to check against', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(8);
  });

  it.each(pairs)('scores %s as %d, like Trivy', (vector, score) => {
    expect(cvss3BaseScore(vector)).toBe(score);
  });

  it('scores well-known vectors', () => {
    // CVE-2021-44228 (Log4Shell) on NVD
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H')).toBe(
      10,
    );
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(
      9.8,
    );
    expect(cvss3BaseScore('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N')).toBe(
      0,
    );
  });

  it('refuses other vectors', () => {
    expect(cvss3BaseScore('AV:N/AC:L/Au:N/C:P/I:N/A:N')).toBeUndefined();
    expect(
      cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H'),
    ).toBeUndefined();
    expect(
      cvss3BaseScore('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'),
    ).toBeUndefined();
    expect(
      cvss3BaseScore(
        'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      ),
    ).toBeUndefined();
  });
});
