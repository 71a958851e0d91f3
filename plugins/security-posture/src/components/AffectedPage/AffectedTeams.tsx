import { Fragment } from 'react';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { AffectedTeam } from '@golden-path/plugin-security-posture-common';
import { teamLines, useT } from '../common';

/** A `mailto:` URL of a plain address from the catalog; undefined for anything else. */
export function mailtoOf(email: string): string | undefined {
  return /^[^\s@<>"?&#/:]+@[^\s@<>"?&#/:]+$/.test(email)
    ? `mailto:${email}`
    : undefined;
}

/** The most teams the chart shows (the table lists every one). */
const CHART_TEAMS = 15;

/**
 * Affected components by owning team: a bar chart of the teams that own them (with a sentence
 * for screen readers) and the teams' tree with their own and rolled-up counts and contacts.
 */
export function AffectedTeams(props: { teams: AffectedTeam[] }) {
  const t = useT();
  const theme = useTheme();
  const owning = props.teams
    .filter(team => team.components > 0)
    .sort(
      (a, b) => b.components - a.components || a.title.localeCompare(b.title),
    );
  const data = owning
    .slice(0, CHART_TEAMS)
    .map(team => ({ team: team.title, components: team.components }));
  return (
    <>
      <figure style={{ margin: 0 }}>
        <div
          style={{ width: '100%', height: 60 + 32 * data.length }}
          aria-hidden
        >
          <ResponsiveContainer
            width="100%"
            height="100%"
            initialDimension={{ width: 640, height: 60 + 32 * data.length }}
          >
            <BarChart
              data={data}
              layout="vertical"
              margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="team" width={160} />
              <Tooltip />
              <Bar
                dataKey="components"
                name={t('affected.chartSeries')}
                fill={theme.palette.error.main}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <Typography
          variant="caption"
          component="figcaption"
          color="text.secondary"
        >
          {t('affected.chartSummary', {
            teams: owning
              .slice(0, CHART_TEAMS)
              .map(team => `${team.title} ${team.components}`)
              .join(', '),
          })}
        </Typography>
      </figure>
      <Table size="small" aria-label={t('affected.teamsTable')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('affected.columns.team')}</TableCell>
            <TableCell>{t('affected.columns.contact')}</TableCell>
            <TableCell align="right">{t('affected.columns.owned')}</TableCell>
            <TableCell align="right">{t('affected.columns.total')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {teamLines(props.teams).map(({ team, depth }) => (
            <Fragment key={team.ref}>
              <TableRow>
                <TableCell sx={{ pl: 2 + depth * 3 }}>
                  <EntityRefLink entityRef={team.ref} title={team.title} />
                </TableCell>
                <TableCell>
                  {team.email ? (
                    <Link href={mailtoOf(team.email)}>{team.email}</Link>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell align="right">{team.components}</TableCell>
                <TableCell align="right">{team.total}</TableCell>
              </TableRow>
            </Fragment>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
