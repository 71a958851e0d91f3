import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { AffectedAdvisory } from '@golden-path/plugin-security-posture-common';
import { SafeLink, SeverityChip, useT } from '../common';

/** The stored advisory a question named: ids, summary (plain text), severity, KEV/EPSS and fixes. */
export function AdvisorySummary(props: { advisory: AffectedAdvisory }) {
  const t = useT();
  const { advisory } = props;
  return (
    <Paper
      component="section"
      variant="outlined"
      sx={{ p: 2 }}
      aria-label={t('affected.advisoryLabel')}
    >
      <Stack spacing={1}>
        <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap">
          <Typography variant="h6" component="h2">
            <SafeLink href={advisory.url}>{advisory.id}</SafeLink>
          </Typography>
          <SeverityChip severity={advisory.severity} />
          {advisory.kev && (
            <Chip color="error" size="small" label={t('affected.kev')} />
          )}
          {advisory.epss !== null && (
            <Chip
              size="small"
              variant="outlined"
              label={t('affected.epss', {
                percent: (advisory.epss * 100).toFixed(1),
              })}
            />
          )}
        </Stack>
        <Typography variant="body1">{advisory.summary}</Typography>
        <Typography variant="body2" color="text.secondary">
          {t('affected.aliases', {
            aliases: advisory.aliases.join(', ') || '—',
          })}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('affected.packages', { packages: advisory.packages.join(', ') })}
        </Typography>
        <Typography variant="body2">
          {t('affected.fixedIn', {
            versions: advisory.fixedVersions.join(', ') || '—',
          })}
        </Typography>
      </Stack>
    </Paper>
  );
}
