import Chip from '@mui/material/Chip';
import ReportIcon from '@mui/icons-material/Report';
import ErrorIcon from '@mui/icons-material/Error';
import WarningIcon from '@mui/icons-material/Warning';
import InfoIcon from '@mui/icons-material/Info';
import InfoOutlinedIcon from '@mui/icons-material/InfoOutlined';
import { Severity } from '@golden-path/plugin-security-posture-common';
import { useT } from './useT';

const ICONS = {
  critical: ReportIcon,
  high: ErrorIcon,
  medium: WarningIcon,
  low: InfoIcon,
  info: InfoOutlinedIcon,
} as const;

const COLORS = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'info',
  info: 'default',
} as const;

/**
 * A severity as a chip: its name as text, an icon of its own and a colour, so it never relies on
 * colour alone. An optional count is written after the name.
 */
export function SeverityChip(props: {
  severity: Severity;
  count?: number;
  size?: 'small' | 'medium';
}) {
  const t = useT();
  const { severity, count, size = 'small' } = props;
  const Icon = ICONS[severity];
  const label =
    count === undefined
      ? t(`severity.${severity}`)
      : `${t(`severity.${severity}`)}: ${count}`;
  return (
    <Chip
      size={size}
      icon={<Icon aria-hidden />}
      label={label}
      color={COLORS[severity]}
      variant={severity === 'critical' || count ? 'filled' : 'outlined'}
    />
  );
}
