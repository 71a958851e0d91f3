import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Finding } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { advisoryLinks, cweLink } from '../../lib/advisoryLinks';
import { formatDateTime, SafeLink, SeverityChip, useT } from '../common';
import { FindingException } from '../Exceptions';

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Stack spacing={0.25}>
      <Typography variant="subtitle2" component="h3">
        {props.label}
      </Typography>
      <Typography
        variant="body2"
        component="div"
        sx={{ wordBreak: 'break-word' }}
      >
        {props.children}
      </Typography>
    </Stack>
  );
}

function ExternalLink(props: { href: string; children: ReactNode }) {
  return (
    <Link href={props.href} target="_blank" rel="noopener noreferrer">
      {props.children}
    </Link>
  );
}

/** Advisory ids, each with links to the public databases that its validated form maps to. */
function Aliases(props: { aliases: string[] }) {
  return (
    <Stack component="ul" spacing={0.25} sx={{ m: 0, pl: 2 }}>
      {props.aliases.map(alias => (
        <li key={alias}>
          {alias}
          {advisoryLinks(alias).map(link => (
            <span key={link.url}>
              {' · '}
              <ExternalLink href={link.url}>{link.source}</ExternalLink>
            </span>
          ))}
        </li>
      ))}
    </Stack>
  );
}

function Cwes(props: { cwes: string[] }) {
  return (
    <Stack direction="row" spacing={1} flexWrap="wrap">
      {props.cwes.map(cwe => {
        const url = cweLink(cwe);
        return (
          <span key={cwe}>
            {url ? <ExternalLink href={url}>{cwe}</ExternalLink> : cwe}
          </span>
        );
      })}
    </Stack>
  );
}

/**
 * The details of one finding: message, remediation, location, package, advisories, CWE, dates,
 * suppression and its history of scans (loaded when the dialog opens). Scanner text is plain
 * text; only http(s) remediation links and links built from validated ids are rendered.
 */
export function FindingDetailDialog(props: {
  entityRef: string;
  finding: Finding | undefined;
  onClose: () => void;
  /** Called after an exception was requested for the finding. */
  onExceptionRequested?: () => void;
}) {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const { entityRef, finding: summary, onClose } = props;
  const detail = useAsync(
    async () => (summary ? api.getFinding(entityRef, summary.id) : undefined),
    [api, entityRef, summary?.id],
  );
  if (!summary) {
    return null;
  }
  const finding = detail.value ?? summary;
  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="security-finding-title"
    >
      <DialogTitle id="security-finding-title" sx={{ wordBreak: 'break-word' }}>
        <Stack direction="row" spacing={1} alignItems="center">
          <SeverityChip severity={finding.severity} />
          <span>{finding.title}</span>
        </Stack>
      </DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          <Field label={t('detail.rule')}>
            {finding.ruleId} · {t('detail.tool')}: {finding.tool} ·{' '}
            {t(`kind.${finding.kind}`)} · {t(`status.${finding.status}`)}
            {finding.cvssScore !== null &&
              ` · ${t('detail.cvss')} ${finding.cvssScore}`}
          </Field>
          <Field label={t('detail.message')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{finding.message}</span>
          </Field>
          <Field label={t('detail.remediation')}>
            {finding.remediation ?? t('detail.noRemediation')}
            {finding.remediationUrl && (
              <>
                {' '}
                <SafeLink href={finding.remediationUrl} fallback={false}>
                  {t('card.remediationLink')}
                </SafeLink>
              </>
            )}
          </Field>
          {finding.location && (
            <Field label={t('detail.location')}>
              {finding.location.path}
              {finding.location.startLine
                ? `:${finding.location.startLine}${
                    finding.location.endLine &&
                    finding.location.endLine !== finding.location.startLine
                      ? `-${finding.location.endLine}`
                      : ''
                  }`
                : ''}
            </Field>
          )}
          {finding.package && (
            <Field label={t('detail.package')}>
              {finding.package.purl ?? finding.package.name}
              {finding.package.installedVersion &&
                ` · ${t('detail.installedVersion')} ${
                  finding.package.installedVersion
                }`}
              {finding.package.fixedVersion &&
                ` · ${t('detail.fixedVersion')} ${
                  finding.package.fixedVersion
                }`}
            </Field>
          )}
          {finding.secretRedacted && (
            <Field label={t('detail.secret')}>{finding.secretRedacted}</Field>
          )}
          {finding.aliases.length > 0 && (
            <Field label={t('detail.aliases')}>
              <Aliases aliases={finding.aliases} />
            </Field>
          )}
          {finding.cwes.length > 0 && (
            <Field label={t('detail.cwes')}>
              <Cwes cwes={finding.cwes} />
            </Field>
          )}
          <Field label={t('detail.firstSeen')}>
            {formatDateTime(finding.firstSeenAt)} · {t('detail.lastSeen')}:{' '}
            {formatDateTime(finding.lastSeenAt)}
            {finding.fixedAt &&
              ` · ${t('detail.fixedAt')}: ${formatDateTime(finding.fixedAt)}`}
            {finding.reopenCount > 0 &&
              ` · ${t('detail.reopened', { count: finding.reopenCount })}`}
          </Field>
          {finding.slaDueAt && (
            <Field label={t('detail.slaDue')}>
              {formatDateTime(finding.slaDueAt)}
              {finding.overdue && ` · ${t('findings.overdue')}`}
            </Field>
          )}
          {finding.suppression && (
            <Field label={t('detail.suppression')}>
              {finding.suppression.state} ({finding.suppression.source})
              <br />
              {finding.suppression.justification ?? t('detail.noJustification')}
              {finding.status === 'open' && (
                <>
                  <br />
                  {t('detail.scannerSuppressionCounts')}
                </>
              )}
            </Field>
          )}
          <FindingException
            entityRef={entityRef}
            finding={finding}
            onChange={props.onExceptionRequested}
          />
          <Field label={t('detail.history')}>
            {detail.loading && <Progress />}
            {detail.error && <ResponseErrorPanel error={detail.error} />}
            {detail.value &&
              (detail.value.history.length === 0 ? (
                t('detail.noHistory')
              ) : (
                <Stack component="ol" spacing={0.25} sx={{ m: 0, pl: 2 }}>
                  {detail.value.history.map(event => (
                    <li key={`${event.scanId}-${event.event}`}>
                      {formatDateTime(event.at)}:{' '}
                      {t(`detail.event.${event.event}`)}
                      {event.commit && ` · ${event.commit}`}
                    </li>
                  ))}
                </Stack>
              ))}
          </Field>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('detail.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
