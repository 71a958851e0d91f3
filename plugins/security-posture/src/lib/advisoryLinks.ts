/**
 * Public advisory pages for vulnerability ids and CWE ids. Every URL is built from an id that
 * matched a strict pattern first, so nothing a scanner wrote reaches an `href` unchecked.
 */

const CVE = /^CVE-\d{4}-\d{4,7}$/;
const GHSA = /^GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}$/;
const OSV =
  /^(?:PYSEC|GO|RUSTSEC|OSV|GSD|MAL|PSF|BIT|CURL|RXSA|UVI)-\d{4}-\d{1,7}$/;
const CWE = /^CWE-(\d{1,5})$/;

/** One link to a public advisory page. */
export interface AdvisoryLink {
  /** Short name of the database, for example `NVD`. */
  source: 'NVD' | 'GitHub' | 'OSV';
  url: string;
}

/**
 * The advisory pages of a vulnerability id (`CVE-…`, `GHSA-…`, or an OSV id such as `GO-…`,
 * `PYSEC-…`, `RUSTSEC-…`); empty for anything else.
 */
export function advisoryLinks(id: string): AdvisoryLink[] {
  if (CVE.test(id)) {
    return [
      { source: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` },
      { source: 'OSV', url: `https://osv.dev/vulnerability/${id}` },
    ];
  }
  if (GHSA.test(id)) {
    return [
      { source: 'GitHub', url: `https://github.com/advisories/${id}` },
      { source: 'OSV', url: `https://osv.dev/vulnerability/${id}` },
    ];
  }
  if (OSV.test(id)) {
    return [{ source: 'OSV', url: `https://osv.dev/vulnerability/${id}` }];
  }
  return [];
}

/** The MITRE page of a CWE id written `CWE-79`; undefined for anything else. */
export function cweLink(id: string): string | undefined {
  const match = CWE.exec(id);
  if (!match) {
    return undefined;
  }
  return `https://cwe.mitre.org/data/definitions/${Number(match[1])}.html`;
}
