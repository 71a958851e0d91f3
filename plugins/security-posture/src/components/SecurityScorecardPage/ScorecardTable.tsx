import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { SEVERITIES } from '@golden-path/plugin-security-posture-common';
import { GradeBadge, useT } from '../common';
import { Sparkline } from './Sparkline';
import { VisibleLine } from './scorecardTree';

const INDENT = 3;

/**
 * The scorecard as a tree table: each team, system or domain with grade, score, open findings
 * by severity, SLA breaches, MTTR, coverage and trend; expanding a row shows its sub-teams and
 * the components it owns directly, each linking to the component's Security tab.
 */
export function ScorecardTable(props: {
  lines: VisibleLine[];
  label: string;
  onToggle: (entityRef: string) => void;
}) {
  const t = useT();
  const entityLink = useEntityRefLink();
  const columnCount = 9 + SEVERITIES.length;
  return (
    <TableContainer>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            <TableCell>{t('scorecard.columns.name')}</TableCell>
            <TableCell>{t('scorecard.columns.grade')}</TableCell>
            <TableCell align="right">{t('scorecard.columns.score')}</TableCell>
            {SEVERITIES.map(severity => (
              <TableCell key={severity} align="right">
                {t(`severity.${severity}`)}
              </TableCell>
            ))}
            <TableCell align="right">
              {t('scorecard.columns.overdue')}
            </TableCell>
            <TableCell align="right">{t('scorecard.columns.mttr')}</TableCell>
            <TableCell align="right">
              {t('scorecard.columns.coverage')}
            </TableCell>
            <TableCell>{t('scorecard.columns.trend')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.lines.length === 0 && (
            <TableRow>
              <TableCell colSpan={columnCount}>
                {t('scorecard.empty')}
              </TableCell>
            </TableRow>
          )}
          {props.lines.map(line => {
            if (line.type === 'component') {
              const name = parseEntityRef(line.entityRef).name;
              return (
                <TableRow key={line.key}>
                  <TableCell colSpan={columnCount}>
                    <Box sx={{ pl: INDENT * line.depth + 5 }}>
                      {t('scorecard.component')}:{' '}
                      <Link
                        to={`${entityLink(line.entityRef)}/security`}
                        aria-label={t('scorecard.securityTab', { name })}
                      >
                        {name}
                      </Link>
                    </Box>
                  </TableCell>
                </TableRow>
              );
            }
            const { row } = line;
            return (
              <TableRow key={line.key} hover>
                <TableCell>
                  <Box
                    sx={{
                      pl: INDENT * line.depth,
                      display: 'flex',
                      alignItems: 'center',
                      gap: 0.5,
                    }}
                  >
                    {line.expandable ? (
                      <IconButton
                        size="small"
                        aria-expanded={line.expanded}
                        aria-label={t(
                          line.expanded
                            ? 'scorecard.collapse'
                            : 'scorecard.expand',
                          { name: row.title },
                        )}
                        onClick={() => props.onToggle(row.entityRef)}
                      >
                        {line.expanded ? (
                          <ExpandMoreIcon fontSize="small" />
                        ) : (
                          <ChevronRightIcon fontSize="small" />
                        )}
                      </IconButton>
                    ) : (
                      <Box component="span" sx={{ width: 34 }} />
                    )}
                    <EntityRefLink
                      entityRef={row.entityRef}
                      title={row.title}
                    />
                  </Box>
                </TableCell>
                <TableCell>
                  <GradeBadge grade={row.grade} />
                </TableCell>
                <TableCell align="right">{row.score ?? '—'}</TableCell>
                {SEVERITIES.map(severity => (
                  <TableCell key={severity} align="right">
                    {row.open[severity]}
                  </TableCell>
                ))}
                <TableCell
                  align="right"
                  sx={
                    row.overdue > 0
                      ? { color: 'error.main', fontWeight: 600 }
                      : undefined
                  }
                >
                  {row.overdue}
                </TableCell>
                <TableCell align="right">
                  {row.meanTimeToRemediateDays ?? '—'}
                </TableCell>
                <TableCell align="right">
                  {t('scorecard.coverageValue', {
                    scanned: String(row.coverage.scanned),
                    total: String(row.coverage.total),
                  })}
                </TableCell>
                <TableCell>
                  <Sparkline values={row.trend} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
