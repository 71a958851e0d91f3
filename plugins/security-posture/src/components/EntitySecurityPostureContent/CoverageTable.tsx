import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import {
  FindingKind,
  Posture,
} from '@golden-path/plugin-security-posture-common';
import { formatDateTime, useT } from '../common';

/** Which scanner kinds reported, with which tools and when; missing required kinds say so. */
export function CoverageTable(props: { posture: Posture }) {
  const t = useT();
  const { coverage, missingScanners } = props.posture;
  const lastScan = (at: string | null, kind: FindingKind) => {
    if (at) {
      return formatDateTime(at);
    }
    return missingScanners.includes(kind)
      ? t('coverage.missing')
      : t('card.neverScanned');
  };
  return (
    <Table size="small" aria-label={t('coverage.title')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('coverage.kind')}</TableCell>
          <TableCell>{t('coverage.required')}</TableCell>
          <TableCell>{t('coverage.tools')}</TableCell>
          <TableCell>{t('coverage.lastScan')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {coverage.map(entry => (
          <TableRow key={entry.kind}>
            <TableCell>{t(`kind.${entry.kind}`)}</TableCell>
            <TableCell>
              {entry.required ? t('coverage.yes') : t('coverage.no')}
            </TableCell>
            <TableCell>{entry.tools.join(', ') || '—'}</TableCell>
            <TableCell>{lastScan(entry.lastScanAt, entry.kind)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
