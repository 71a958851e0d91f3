import { AffectedAnswer } from '@golden-path/plugin-security-posture-common';
import { toCsv } from '../../lib/csv';

const HEADER = [
  'entityRef',
  'title',
  'ownerRef',
  'ownerEmail',
  'systemRef',
  'tier',
  'lifecycle',
  'exposurePoints',
  'providedApis',
  'versions',
  'fixedVersions',
  'kev',
  'epss',
  'openFindings',
  'sources',
  'packages',
];

/** The affected components as CSV, one line each, in the answer's order, with the owner's contact. */
export function affectedCsv(answer: AffectedAnswer): string {
  const emails = new Map(answer.teams.map(t => [t.ref, t.email]));
  return toCsv(
    HEADER,
    answer.components.map(c => [
      c.entityRef,
      c.title,
      c.ownerRef,
      c.ownerRef ? emails.get(c.ownerRef) : null,
      c.systemRef,
      c.tier,
      c.lifecycle,
      c.exposure.points,
      c.exposure.providedApis,
      c.versions.join(' '),
      c.fixedVersions.join(' '),
      c.kev,
      c.epss,
      c.openFindings,
      c.sources.join(' '),
      c.packages.join(' '),
    ]),
  );
}
