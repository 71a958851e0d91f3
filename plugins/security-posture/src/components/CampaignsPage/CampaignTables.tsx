import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  CampaignComponent,
  CampaignTeam,
} from '@golden-path/plugin-security-posture-common';
import { teamLines, useT } from '../common';

/** The owning teams, nested, with their own and rolled-up remaining components, most left first. */
export function CampaignTeams(props: { teams: CampaignTeam[] }) {
  const t = useT();
  return (
    <Table size="small" aria-label={t('campaigns.teamsTable')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('campaigns.columns.team')}</TableCell>
          <TableCell align="right">{t('campaigns.columns.failing')}</TableCell>
          <TableCell align="right">
            {t('campaigns.columns.compliant')}
          </TableCell>
          <TableCell align="right">
            {t('campaigns.columns.totalFailing')}
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {teamLines(props.teams).map(({ team, depth }) => (
          <TableRow key={team.ref}>
            <TableCell sx={{ pl: 2 + depth * 3 }}>
              <EntityRefLink entityRef={team.ref} title={team.title} />
            </TableCell>
            <TableCell align="right">{team.failing}</TableCell>
            <TableCell align="right">{team.compliant}</TableCell>
            <TableCell align="right">{team.totalFailing}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The catalog path of a component's tab (`/catalog/<ns>/<kind>/<name>/<tab>`). */
function tabPath(entityRef: string, tab: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${[namespace, kind.toLowerCase(), name]
    .map(encodeURIComponent)
    .join('/')}/${tab}`;
}

/**
 * The components in scope, failing first, each with its owner and what it still has to do; a
 * finding campaign links each failing component's matching findings on its Security tab.
 */
export function CampaignComponents(props: {
  components: CampaignComponent[];
  findingSearch?: string;
}) {
  const t = useT();
  const { findingSearch } = props;
  return (
    <Table size="small" aria-label={t('campaigns.componentsTable')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('campaigns.columns.component')}</TableCell>
          <TableCell>{t('campaigns.columns.owner')}</TableCell>
          <TableCell>{t('campaigns.columns.state')}</TableCell>
          <TableCell>{t('campaigns.columns.reason')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.components.map(c => (
          <TableRow key={c.entityRef}>
            <TableCell>
              <EntityRefLink entityRef={c.entityRef} title={c.title} />
            </TableCell>
            <TableCell>
              {c.ownerRef ? <EntityRefLink entityRef={c.ownerRef} /> : '—'}
            </TableCell>
            <TableCell>
              <Chip
                size="small"
                color={c.compliant ? 'success' : 'error'}
                label={
                  c.compliant
                    ? t('campaigns.compliant')
                    : t('campaigns.failing')
                }
              />
            </TableCell>
            <TableCell>
              {c.reason ?? ''}
              {!c.compliant && findingSearch && (
                <>
                  {' '}
                  <Link
                    to={`${tabPath(
                      c.entityRef,
                      'security',
                    )}?${new URLSearchParams({ q: findingSearch }).toString()}`}
                  >
                    {t('campaigns.viewFindings')}
                  </Link>
                </>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
