import { advisoryLinks, cweLink } from './advisoryLinks';

describe('advisoryLinks', () => {
  it('links CVE ids to NVD and OSV', () => {
    expect(advisoryLinks('CVE-2021-44228')).toEqual([
      { source: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' },
      { source: 'OSV', url: 'https://osv.dev/vulnerability/CVE-2021-44228' },
    ]);
  });

  it('links GHSA ids to GitHub and OSV', () => {
    expect(advisoryLinks('GHSA-jfh8-c2jp-5v3q').map(l => l.url)).toEqual([
      'https://github.com/advisories/GHSA-jfh8-c2jp-5v3q',
      'https://osv.dev/vulnerability/GHSA-jfh8-c2jp-5v3q',
    ]);
  });

  it.each(['GO-2022-0001', 'PYSEC-2021-123', 'RUSTSEC-2021-0001'])(
    'links the OSV id %s to osv.dev',
    id => {
      expect(advisoryLinks(id)).toEqual([
        { source: 'OSV', url: `https://osv.dev/vulnerability/${id}` },
      ]);
    },
  );

  it.each([
    'CVE-2021-44228/../../x',
    'CVE-2021-44228"><script>',
    'cve-2021-44228',
    'GHSA-aaaa-bbbb-cccc',
    'GHSA-jfh8-c2jp-5v3q?x=1',
    // eslint-disable-next-line no-script-url -- the attack under test
    'javascript:alert(1)',
    'NPM-1234',
    '',
  ])('builds no link for %s', id => {
    expect(advisoryLinks(id)).toEqual([]);
  });
});

describe('cweLink', () => {
  it('links CWE ids to MITRE', () => {
    expect(cweLink('CWE-79')).toBe(
      'https://cwe.mitre.org/data/definitions/79.html',
    );
    expect(cweLink('CWE-0089')).toBe(
      'https://cwe.mitre.org/data/definitions/89.html',
    );
  });

  it.each(['CWE-79x', 'CWE-', 'CWE-79/../1', '79', 'cwe-79'])(
    'builds no link for %s',
    id => {
      expect(cweLink(id)).toBeUndefined();
    },
  );
});
