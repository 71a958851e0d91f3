import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import HelpOutlineIcon from '@mui/icons-material/HelpOutline';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { Posture } from '@golden-path/plugin-security-posture-common';
import { SafeLink, useT } from '../common';

type Check = Posture['checks'][number];

/** How many checks the card lists before "show all". */
const FIRST_CHECKS = 5;

/** Weakest first; unscored checks (probes, inconclusive: score -1) last; then by name. */
function byWeakest(a: Check, b: Check): number {
  const sa = a.score < 0 ? 11 : a.score;
  const sb = b.score < 0 ? 11 : b.score;
  return sa - sb || a.name.localeCompare(b.name);
}

function checkIcon(score: number) {
  if (score < 0) {
    return { Icon: HelpOutlineIcon, color: 'disabled' } as const;
  }
  if (score >= 8) {
    return { Icon: CheckCircleIcon, color: 'success' } as const;
  }
  return { Icon: WarningAmberIcon, color: 'warning' } as const;
}

/**
 * The component repository's OpenSSF Scorecard checks, weakest first: score out of 10 (as text,
 * the icon only repeats it), the reason and, behind a disclosure, the check's details and its
 * documentation link. Check text comes from the report and is rendered as plain text.
 */
export function ScorecardChecks(props: { checks: Check[] }) {
  const t = useT();
  const [showAll, setShowAll] = useState(false);
  if (props.checks.length === 0) {
    return <Typography variant="body2">{t('card.checks.none')}</Typography>;
  }
  const sorted = [...props.checks].sort(byWeakest);
  const shown = showAll ? sorted : sorted.slice(0, FIRST_CHECKS);
  return (
    <Stack spacing={0.5}>
      <Box
        component="ul"
        aria-label={t('card.checks.title')}
        sx={{ listStyle: 'none', m: 0, p: 0 }}
      >
        {shown.map(check => {
          const { Icon, color } = checkIcon(check.score);
          const hasMore =
            (check.details?.length ?? 0) > 0 || !!check.documentationUrl;
          return (
            <Box component="li" key={check.name} sx={{ mb: 0.75 }}>
              <Stack direction="row" spacing={1} alignItems="flex-start">
                <Icon fontSize="small" aria-hidden color={color} />
                <Stack spacing={0.25} sx={{ minWidth: 0 }}>
                  <Typography
                    variant="body2"
                    sx={{ fontWeight: 600, wordBreak: 'break-word' }}
                  >
                    {check.name}:{' '}
                    {check.score < 0
                      ? t('card.checks.notScored')
                      : t('card.checks.score', { score: String(check.score) })}
                  </Typography>
                  {check.reason && (
                    <Typography
                      variant="body2"
                      color="text.secondary"
                      sx={{ wordBreak: 'break-word' }}
                    >
                      {check.reason}
                    </Typography>
                  )}
                  {hasMore && (
                    <Box component="details" sx={{ typography: 'body2' }}>
                      <Box component="summary" sx={{ cursor: 'pointer' }}>
                        {t('card.checks.details', { name: check.name })}
                      </Box>
                      {(check.details?.length ?? 0) > 0 && (
                        <Box component="ul" sx={{ m: 0, pl: 3 }}>
                          {check.details!.map((detail, index) => (
                            <li key={index}>
                              <Typography
                                variant="body2"
                                component="span"
                                sx={{ wordBreak: 'break-word' }}
                              >
                                {detail}
                              </Typography>
                            </li>
                          ))}
                        </Box>
                      )}
                      <SafeLink href={check.documentationUrl} fallback={false}>
                        {t('card.checks.documentation')}
                      </SafeLink>
                    </Box>
                  )}
                </Stack>
              </Stack>
            </Box>
          );
        })}
      </Box>
      {sorted.length > FIRST_CHECKS && (
        <Box>
          <Button
            size="small"
            onClick={() => setShowAll(!showAll)}
            aria-expanded={showAll}
          >
            {showAll
              ? t('card.checks.showFewer')
              : t('card.checks.showAll', { total: String(sorted.length) })}
          </Button>
        </Box>
      )}
    </Stack>
  );
}
