import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Finding } from '@golden-path/plugin-security-posture-common';
import { SafeLink, SeverityChip, useT } from '../common';

/**
 * The component's most urgent open findings, in the order the backend ranked them, each with its
 * remediation and, when the scanner gave an http(s) link, that link. Scanner text is rendered as
 * plain text.
 */
export function TopFindings(props: { findings: Finding[] }) {
  const t = useT();
  if (props.findings.length === 0) {
    return <Typography variant="body2">{t('card.noOpenFindings')}</Typography>;
  }
  return (
    <List dense disablePadding aria-label={t('card.topFindings')}>
      {props.findings.map(finding => (
        <ListItem key={finding.id} disableGutters alignItems="flex-start">
          <Stack spacing={0.5} sx={{ minWidth: 0 }}>
            <Stack direction="row" spacing={1} alignItems="center">
              <SeverityChip severity={finding.severity} />
              <Typography
                variant="body2"
                sx={{ fontWeight: 600, wordBreak: 'break-word' }}
              >
                {finding.title}
              </Typography>
              {finding.overdue && (
                <Typography variant="caption" color="error">
                  {t('findings.overdue')}
                </Typography>
              )}
            </Stack>
            {finding.remediation && (
              <Typography
                variant="body2"
                color="text.secondary"
                sx={{ wordBreak: 'break-word' }}
              >
                {finding.remediation}
              </Typography>
            )}
            <SafeLink href={finding.remediationUrl} fallback={false}>
              {t('card.remediationLink')}
            </SafeLink>
          </Stack>
        </ListItem>
      ))}
    </List>
  );
}
