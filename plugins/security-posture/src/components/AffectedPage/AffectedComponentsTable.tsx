import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { Link as RouterLink } from 'react-router-dom';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import {
  AffectedComponent,
  AffectedTeam,
} from '@golden-path/plugin-security-posture-common';
import { useT } from '../common';
import { mailtoOf } from './AffectedTeams';

/**
 * The affected components, most urgent first: each links to its Security tab, with owner (and
 * contact), tier, lifecycle, exposure, the versions found, the fixed versions, KEV, EPSS, its open
 * findings of the question and where it was found (inventory, scanner).
 */
export function AffectedComponentsTable(props: {
  components: AffectedComponent[];
  teams: AffectedTeam[];
}) {
  const t = useT();
  const entityLink = useEntityRefLink();
  const emails = new Map(props.teams.map(team => [team.ref, team.email]));
  return (
    <Table size="small" aria-label={t('affected.componentsTable')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('affected.columns.component')}</TableCell>
          <TableCell>{t('affected.columns.owner')}</TableCell>
          <TableCell>{t('affected.columns.tier')}</TableCell>
          <TableCell>{t('affected.columns.exposure')}</TableCell>
          <TableCell>{t('affected.columns.versions')}</TableCell>
          <TableCell>{t('affected.columns.fixed')}</TableCell>
          <TableCell>{t('affected.columns.exploit')}</TableCell>
          <TableCell align="right">{t('affected.columns.findings')}</TableCell>
          <TableCell>{t('affected.columns.sources')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.components.map(c => {
          const email = c.ownerRef ? emails.get(c.ownerRef) : null;
          return (
            <TableRow key={c.entityRef}>
              <TableCell>
                <Link
                  component={RouterLink}
                  to={`${entityLink(c.entityRef)}/security`}
                >
                  {c.title}
                </Link>
              </TableCell>
              <TableCell>
                {c.ownerRef ? <EntityRefLink entityRef={c.ownerRef} /> : '—'}
                {email && (
                  <>
                    {' '}
                    (<Link href={mailtoOf(email)}>{email}</Link>)
                  </>
                )}
              </TableCell>
              <TableCell>
                {c.tier === null
                  ? '—'
                  : t('affected.tier', { tier: String(c.tier) })}
                {c.lifecycle ? ` · ${c.lifecycle}` : ''}
              </TableCell>
              <TableCell>
                {t('affected.exposure', {
                  points: String(c.exposure.points),
                  apis: String(c.exposure.providedApis ?? 0),
                })}
              </TableCell>
              <TableCell>{c.versions.join(', ') || '—'}</TableCell>
              <TableCell>{c.fixedVersions.join(', ') || '—'}</TableCell>
              <TableCell>
                {c.kev && (
                  <Chip color="error" size="small" label={t('affected.kev')} />
                )}{' '}
                {c.epss !== null &&
                  t('affected.epss', { percent: (c.epss * 100).toFixed(1) })}
              </TableCell>
              <TableCell align="right">{c.openFindings}</TableCell>
              <TableCell>
                {c.sources.map(s => t(`affected.source.${s}`)).join(', ')}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
