import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { TemplateUpgrade } from '@golden-path/plugin-security-posture-common';
import { useT } from '../common';

/**
 * A component's latest template upgrade in words: its state, the branch it wrote and the
 * conflicts marked, or why it stopped; the change request's description is shown as plain text
 * (it quotes file names and changelog entries, which are never rendered as HTML).
 */
export function UpgradeStatus(props: { upgrade: TemplateUpgrade }) {
  const t = useT();
  const { upgrade } = props;
  return (
    <Stack spacing={0.5} sx={{ maxWidth: 420 }}>
      <Typography variant="body2">
        {t(`templates.upgradeState.${upgrade.state}`, {
          version: upgrade.toVersion,
        })}
      </Typography>
      {upgrade.branch && (
        <Typography variant="caption" component="div">
          {t('templates.upgradeBranch', { branch: upgrade.branch })}
        </Typography>
      )}
      {upgrade.conflicts > 0 && (
        <Typography variant="caption" component="div" color="warning.main">
          {t('templates.upgradeConflicts', { count: upgrade.conflicts })}
        </Typography>
      )}
      {upgrade.error && (
        <Typography variant="caption" component="div" color="error">
          {upgrade.error}
        </Typography>
      )}
      {upgrade.description && (
        <details>
          <summary>
            <Typography variant="caption" component="span">
              {t('templates.upgradeDescription')}
            </Typography>
          </summary>
          <Typography
            component="pre"
            variant="caption"
            sx={{
              whiteSpace: 'pre-wrap',
              overflowWrap: 'anywhere',
              m: 0,
              maxWidth: 420,
              maxHeight: 240,
              overflow: 'auto',
            }}
          >
            {upgrade.description}
          </Typography>
        </details>
      )}
    </Stack>
  );
}
