import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutline';
import {
  FindingKind,
  ScannerCoverage,
} from '@golden-path/plugin-security-posture-common';
import { formatDay, useT } from '../common';

/**
 * The last scan of each scanner kind, and the required kinds that never reported.
 */
export function ScannerCoverageList(props: {
  coverage: ScannerCoverage[];
  missing: FindingKind[];
}) {
  const t = useT();
  const { coverage, missing } = props;
  return (
    <Stack spacing={0.5}>
      {coverage.map(entry => {
        const { Icon, color } = statusIcon(entry);
        return (
          <Stack
            key={entry.kind}
            direction="row"
            spacing={1}
            alignItems="center"
          >
            <Icon fontSize="small" aria-hidden color={color} />
            <Typography variant="body2">
              {t(`kind.${entry.kind}`)}
              {entry.required ? ` (${t('card.required')})` : ''}:{' '}
              {entry.lastScanAt
                ? formatDay(entry.lastScanAt)
                : t('card.neverScanned')}
              {entry.tools.length > 0 ? ` · ${entry.tools.join(', ')}` : ''}
            </Typography>
          </Stack>
        );
      })}
      <Typography
        variant="body2"
        color={missing.length > 0 ? 'error' : 'text.secondary'}
      >
        {missing.length > 0
          ? t('card.missingScanners', {
              kinds: missing.map(kind => t(`kind.${kind}`)).join(', '),
            })
          : t('card.noMissingScanners')}
      </Typography>
    </Stack>
  );
}

function statusIcon(entry: ScannerCoverage) {
  if (entry.lastScanAt) {
    return { Icon: CheckCircleIcon, color: 'success' } as const;
  }
  if (entry.required) {
    return { Icon: ErrorIcon, color: 'error' } as const;
  }
  return { Icon: RemoveCircleOutlineIcon, color: 'disabled' } as const;
}
