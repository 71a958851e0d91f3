import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Typography from '@mui/material/Typography';
import {
  Finding,
  FindingsQuery,
} from '@golden-path/plugin-security-posture-common';
import { formatDay, SeverityChip, useT } from '../common';

/** A column the backend can sort by. */
type SortColumn = NonNullable<FindingsQuery['sort']>;

/** Sort of the findings table. */
export interface FindingsSort {
  sort: SortColumn;
  order: 'asc' | 'desc';
}

const COLUMNS: Array<{
  id:
    | 'priority'
    | 'severity'
    | 'title'
    | 'kind'
    | 'tool'
    | 'location'
    | 'firstSeen'
    | 'lastSeen'
    | 'slaDue'
    | 'status';
  sortable: boolean;
}> = [
  { id: 'priority', sortable: true },
  { id: 'severity', sortable: true },
  { id: 'title', sortable: true },
  { id: 'kind', sortable: false },
  { id: 'tool', sortable: true },
  { id: 'location', sortable: false },
  { id: 'firstSeen', sortable: true },
  { id: 'lastSeen', sortable: true },
  { id: 'slaDue', sortable: true },
  { id: 'status', sortable: false },
];

function location(finding: Finding): string {
  if (finding.location) {
    const { path, startLine } = finding.location;
    return startLine ? `${path}:${startLine}` : path;
  }
  if (finding.package) {
    const { name, installedVersion } = finding.package;
    return installedVersion ? `${name}@${installedVersion}` : name;
  }
  return '—';
}

/**
 * One page of findings with sortable headers and cursor pagination. Every scanner-provided value
 * is rendered as plain text; the title opens the finding's details.
 */
export function FindingsTable(props: {
  findings: Finding[];
  totalCount: number;
  sort: FindingsSort;
  onSort: (sort: FindingsSort) => void;
  onOpen: (finding: Finding) => void;
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const t = useT();
  const { findings, sort, onSort, onOpen } = props;
  return (
    <Stack spacing={1}>
      <TableContainer>
        <Table size="small" aria-label={t('findings.title')}>
          <TableHead>
            <TableRow>
              {COLUMNS.map(column => {
                const label = t(`findings.columns.${column.id}`);
                if (!column.sortable) {
                  return <TableCell key={column.id}>{label}</TableCell>;
                }
                const id = column.id as SortColumn;
                const active = sort.sort === id;
                return (
                  <TableCell
                    key={column.id}
                    sortDirection={active ? sort.order : false}
                  >
                    <TableSortLabel
                      active={active}
                      direction={active ? sort.order : 'asc'}
                      onClick={() =>
                        onSort({
                          sort: id,
                          order:
                            active && sort.order === 'asc' ? 'desc' : 'asc',
                        })
                      }
                    >
                      {label}
                    </TableSortLabel>
                  </TableCell>
                );
              })}
            </TableRow>
          </TableHead>
          <TableBody>
            {findings.length === 0 && (
              <TableRow>
                <TableCell colSpan={COLUMNS.length}>
                  <Typography variant="body2">{t('findings.empty')}</Typography>
                </TableCell>
              </TableRow>
            )}
            {findings.map(finding => (
              <TableRow key={finding.id} hover>
                <TableCell>
                  <Typography variant="body2" component="span">
                    {t('findings.priority', {
                      label: finding.priority.label,
                      score: String(finding.priority.score),
                    })}
                  </Typography>
                  {finding.kev && (
                    <Typography variant="caption" display="block" color="error">
                      {t('findings.kev')}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  <SeverityChip severity={finding.severity} />
                </TableCell>
                <TableCell sx={{ maxWidth: 360, wordBreak: 'break-word' }}>
                  <Link
                    component="button"
                    type="button"
                    variant="body2"
                    textAlign="left"
                    onClick={() => onOpen(finding)}
                  >
                    {finding.title}
                  </Link>
                  <Typography
                    variant="caption"
                    display="block"
                    color="text.secondary"
                  >
                    {finding.ruleId}
                  </Typography>
                </TableCell>
                <TableCell>{t(`kind.${finding.kind}`)}</TableCell>
                <TableCell>{finding.tool}</TableCell>
                <TableCell sx={{ maxWidth: 240, wordBreak: 'break-all' }}>
                  {location(finding)}
                </TableCell>
                <TableCell>{formatDay(finding.firstSeenAt)}</TableCell>
                <TableCell>{formatDay(finding.lastSeenAt)}</TableCell>
                <TableCell>
                  {formatDay(finding.slaDueAt)}
                  {finding.overdue && (
                    <Typography variant="caption" display="block" color="error">
                      {t('findings.overdue')}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{t(`status.${finding.status}`)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <Stack
        direction="row"
        spacing={2}
        alignItems="center"
        justifyContent="flex-end"
        component="nav"
        aria-label={t('findings.title')}
      >
        <Typography variant="body2" aria-live="polite">
          {t('findings.count', { count: props.totalCount })} ·{' '}
          {t('findings.page', { page: String(props.page) })}
        </Typography>
        <Button
          size="small"
          disabled={!props.hasPrevious}
          onClick={props.onPrevious}
        >
          {t('findings.previous')}
        </Button>
        <Button size="small" disabled={!props.hasNext} onClick={props.onNext}>
          {t('findings.next')}
        </Button>
      </Stack>
    </Stack>
  );
}
