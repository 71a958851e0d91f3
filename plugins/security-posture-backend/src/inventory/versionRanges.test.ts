import { compareMavenVersions, mavenRange } from './mavenVersion';
import { RANGE_TYPES, versionRange } from './versionRanges';

describe('Maven versions', () => {
  it('orders versions as Maven’s ComparableVersion does', () => {
    // each before the next (Maven's own documented order of qualifiers)
    const ordered = [
      '1.0-alpha-1',
      '1.0-alpha2',
      '1.0-beta1',
      '1.0-milestone-1',
      '1.0-rc1',
      '1.0-SNAPSHOT',
      '1.0',
      '1.0-sp1',
      '1.0.1',
      '1.1',
      '1.10',
      '2.0-beta9',
      '2.0',
      '2.17.0',
      '2.17.1',
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect([
        ordered[i - 1],
        compareMavenVersions(ordered[i - 1], ordered[i]),
      ]).toEqual([ordered[i - 1], -1]);
      expect(compareMavenVersions(ordered[i], ordered[i - 1])).toBe(1);
    }
    // equal spellings
    expect(compareMavenVersions('1.0', '1')).toBe(0);
    expect(compareMavenVersions('1.0.0', '1-ga')).toBe(0);
    expect(compareMavenVersions('1.0-final', '1.0')).toBe(0);
    expect(compareMavenVersions('1.0-CR1', '1.0-rc1')).toBe(0);
    expect(compareMavenVersions('1.0a1', '1.0-alpha-1')).toBe(0);
  });

  it('reads Maven ranges: bounds, open ends, exact versions and unions', () => {
    const log4shell = mavenRange('[2.0-beta9,2.17.1)')!;
    expect(['2.0-beta9', '2.14.1', '2.17.0'].every(log4shell)).toBe(true);
    expect(['2.0-beta8', '2.17.1', '2.20.0', '1.2.17'].some(log4shell)).toBe(
      false,
    );
    const below = mavenRange('(,1.21)')!;
    expect(below('1.20')).toBe(true);
    expect(below('1.21')).toBe(false);
    expect(mavenRange('[1.2]')!('1.2.0')).toBe(true);
    expect(mavenRange('[1.2]')!('1.2.1')).toBe(false);
    expect(mavenRange('1.2')!('1.2')).toBe(true);
    const union = mavenRange('(,1.0],[1.2,)')!;
    expect([union('0.9'), union('1.1'), union('1.2'), union('3')]).toEqual([
      true,
      false,
      true,
      true,
    ]);
    for (const bad of [
      '[2.0,1.0]',
      '(1.0)',
      '[1.0,2.0',
      '[,1.0]',
      '(,)',
      '',
      '1.0, 2.0',
      '[1.0,2.0),',
      '< ',
      '<2.0 junk',
      '=>2.0',
    ]) {
      expect([bad, mavenRange(bad)]).toEqual([bad, undefined]);
    }
  });

  it('reads the comparators people type, in Maven version order', () => {
    const below = mavenRange('<2.17.1')!;
    expect(
      ['2.13.2', '2.17.0', '2.17.1', '2.17.1-rc1', '2.2'].map(below),
    ).toEqual([true, true, false, true, true]);
    for (const text of ['>=2.0 <2.17.1', '>=2.0, <2.17.1', '>= 2.0 < 2.17.1']) {
      const window = mavenRange(text)!;
      expect([text, ['1.9', '2.0', '2.14.1', '2.17.1'].map(window)]).toEqual([
        text,
        [false, true, true, false],
      ]);
    }
    expect(mavenRange('=2.14.1')!('2.14.1')).toBe(true);
    expect(mavenRange('<=2.14.1')!('2.14.1')).toBe(true);
    expect(mavenRange('>2.14.1')!('2.14.1')).toBe(false);
  });
});

describe('versionRange', () => {
  it('compares each ecosystem’s versions in its own syntax', () => {
    expect(RANGE_TYPES).toEqual(['npm', 'pypi', 'maven', 'golang']);
    const npm = versionRange('npm', '>=4.17.0 <4.17.21 || ^5.0.0-0');
    expect(['4.17.20', '5.0.0-rc.1'].map(npm)).toEqual([true, true]);
    expect(['4.17.21', 'not-a-version'].map(npm)).toEqual([false, false]);
    const pypi = versionRange('pypi', '>=2.0,<2.31.0');
    // PEP 440: `<2.31.0` excludes the pre-releases of 2.31.0 itself, not those before it
    expect(
      ['2.25.1', '2.30.0rc1', '2.31.0rc1', '2.31.0', '1.9'].map(pypi),
    ).toEqual([true, true, false, false, false]);
    // PEP 440 orders a post release after its release, and `>1.0` does not admit 1.0's own
    expect(versionRange('pypi', '>=1.0')('1.0.post1')).toBe(true);
    expect(versionRange('pypi', '>1.0')('1.0.post1')).toBe(false);
    expect(versionRange('maven', '[2.0-beta9,2.17.1)')('2.14.1')).toBe(true);
    const go = versionRange('golang', '<v1.3.2');
    expect(
      ['v1.3.1', '1.3.1', 'v1.3.2', 'v0.0.0-20191109021931-daa7c04131f5'].map(
        go,
      ),
    ).toEqual([true, true, false, true]);
  });

  it('refuses a range it cannot read, naming the parameter', () => {
    expect(() => versionRange('npm', '>>1')).toThrow(/^range: /);
    expect(() => versionRange('pypi', '=>3')).toThrow(/^range: /);
    expect(() => versionRange('maven', '[2,1]')).toThrow(/^range: /);
    expect(() => versionRange('cargo', '1.0')).toThrow(
      /^range: version ranges are compared for purl types npm, pypi, maven, golang; not for "cargo"/,
    );
  });
});
