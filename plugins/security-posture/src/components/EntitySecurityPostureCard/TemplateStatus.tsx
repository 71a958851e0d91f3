import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import SyncProblemIcon from '@mui/icons-material/SyncProblem';
import UpdateIcon from '@mui/icons-material/Update';
import { Posture } from '@golden-path/plugin-security-posture-common';
import { useT } from '../common';

/**
 * The template fields the backend adds when it knows the template's versions (ref and version are
 * always there for a component created from a template).
 */
interface TemplateVersionStatus {
  ref: string;
  version: string;
  latestVersion: string;
  behindBy: number;
  securityReleasesBehind: number;
  drifted: boolean | null;
}

/** Whether the posture's template carries the version status (latest version, behind by N). */
function hasVersionStatus(
  template: Posture['template'],
): template is NonNullable<Posture['template']> & TemplateVersionStatus {
  const t = template as Partial<TemplateVersionStatus> | null;
  return (
    !!t &&
    typeof t.latestVersion === 'string' &&
    typeof t.behindBy === 'number' &&
    typeof t.securityReleasesBehind === 'number'
  );
}

/**
 * The template the component was created from and its version; when the backend knows the
 * template's versions, how far behind the latest it is (versions and security releases) and
 * whether the component's files drifted from what the template rendered. Every state is said in
 * words; the icons only repeat it.
 */
export function TemplateStatus(props: { template: Posture['template'] }) {
  const t = useT();
  const { template } = props;
  if (!template) {
    return <Typography variant="body2">{t('card.noTemplate')}</Typography>;
  }
  return (
    <Stack spacing={0.5}>
      <Typography variant="body2" sx={{ wordBreak: 'break-word' }}>
        {template.ref}, {t('card.version')} {template.version}
      </Typography>
      {hasVersionStatus(template) && (
        <>
          {template.behindBy > 0 ? (
            <Stack direction="row" spacing={1} alignItems="center">
              <UpdateIcon
                fontSize="small"
                aria-hidden
                color={
                  template.securityReleasesBehind > 0 ? 'error' : 'warning'
                }
              />
              <Typography variant="body2">
                {t('card.templateBehind', {
                  count: template.behindBy,
                  latest: template.latestVersion,
                })}
                {template.securityReleasesBehind > 0 &&
                  ` ${t('card.templateSecurityBehind', {
                    count: template.securityReleasesBehind,
                  })}`}
              </Typography>
            </Stack>
          ) : (
            <Stack direction="row" spacing={1} alignItems="center">
              <CheckCircleIcon fontSize="small" aria-hidden color="success" />
              <Typography variant="body2">
                {t('card.templateCurrent', { latest: template.latestVersion })}
              </Typography>
            </Stack>
          )}
          {template.drifted && (
            <Stack direction="row" spacing={1} alignItems="center">
              <SyncProblemIcon fontSize="small" aria-hidden color="warning" />
              <Typography variant="body2">
                {t('card.templateDrifted')}
              </Typography>
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
