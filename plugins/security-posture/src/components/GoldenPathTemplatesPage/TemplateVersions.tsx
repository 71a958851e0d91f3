import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import GppMaybeIcon from '@mui/icons-material/GppMaybe';
import { formatDay, useT } from '../common';
import { TemplateVersion } from '@golden-path/plugin-security-posture-common';

/**
 * A template's versions, newest first, each with its changelog. Entries that change the security
 * posture of generated services carry a "Security" label with a shield icon (text, not only a
 * colour). Changelog text comes from the template repository and is rendered as plain text.
 */
export function TemplateVersions(props: {
  versions: TemplateVersion[];
  latestVersion: string;
  headingId: string;
}) {
  const t = useT();
  const { versions, latestVersion, headingId } = props;
  if (versions.length === 0) {
    return <Typography variant="body2">{t('templates.noVersions')}</Typography>;
  }
  return (
    <Box
      component="ol"
      aria-labelledby={headingId}
      sx={{ listStyle: 'none', m: 0, p: 0 }}
    >
      {versions.map(version => {
        const securityCount = version.changelog.filter(e => e.security).length;
        return (
          <Box component="li" key={version.version} sx={{ mb: 2 }}>
            <Stack direction="row" spacing={1} alignItems="center">
              <Typography variant="subtitle1" component="h4">
                {t('templates.version', { version: version.version })}
              </Typography>
              {version.version === latestVersion && (
                <Chip size="small" label={t('templates.latest')} />
              )}
              <Typography variant="body2" color="text.secondary">
                {formatDay(version.releasedAt)}
              </Typography>
              {securityCount > 0 && (
                <Typography variant="body2">
                  {t('templates.securityEntries', {
                    count: securityCount,
                  })}
                </Typography>
              )}
            </Stack>
            {version.changelog.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                {t('templates.noChangelog')}
              </Typography>
            ) : (
              <Box component="ul" sx={{ mt: 0.5, mb: 0, pl: 3 }}>
                {version.changelog.map((entry, index) => (
                  <Box
                    component="li"
                    key={index}
                    sx={{
                      typography: 'body2',
                      mb: 0.5,
                      wordBreak: 'break-word',
                    }}
                  >
                    {entry.security && (
                      <Chip
                        size="small"
                        color="warning"
                        variant="outlined"
                        icon={<GppMaybeIcon aria-hidden />}
                        label={t('templates.security')}
                        sx={{ mr: 1 }}
                      />
                    )}
                    <span>{entry.text}</span>
                  </Box>
                ))}
              </Box>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
