import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { CodeSnippet } from '@backstage/core-components';
import { Posture } from '@golden-path/plugin-security-posture-common';
import { safeHttpUrl } from '../../lib/safeUrl';
import { useT } from '../common';

/**
 * The empty state of a component that has no scan yet: what that means and what to do (upload a
 * report from CI with the golden-path CLI), with a link to the documentation when configured.
 */
export function AwaitingFirstScan(props: {
  state: Posture['state'];
  entityRef: string;
  docsUrl?: string;
}) {
  const t = useT();
  const docsUrl = safeHttpUrl(props.docsUrl) ?? appPath(props.docsUrl);
  return (
    <Stack spacing={1.5}>
      <Typography variant="h6" component="p">
        {t('awaiting.title')}
      </Typography>
      <Typography variant="body2">
        {props.state === 'not-enrolled'
          ? t('awaiting.notEnrolled')
          : t('awaiting.enrolled')}
      </Typography>
      <Typography variant="body2">{t('awaiting.whatToDo')}</Typography>
      <CodeSnippet
        language="shell"
        text={`npx @golden-path/cli upload --entity-ref ${props.entityRef} trivy.json`}
        showCopyCodeButton
      />
      {docsUrl && (
        <Link href={docsUrl} target="_blank" rel="noopener noreferrer">
          {t('awaiting.docs')}
        </Link>
      )}
    </Stack>
  );
}

function appPath(value: string | undefined): string | undefined {
  return value && /^\/(?!\/)/.test(value) ? value : undefined;
}
