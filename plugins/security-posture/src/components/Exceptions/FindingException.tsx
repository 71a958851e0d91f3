import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Finding } from '@golden-path/plugin-security-posture-common';
import { formatDay, useT } from '../common';
import { RequestExceptionForm } from './RequestExceptionForm';
import { useExceptionPermissions } from './useExceptionPermissions';

/**
 * The exception part of a finding's details: the approved exception it is accepted under, or,
 * for an open finding and a user who may request one, a "Request exception" button and form.
 */
export function FindingException(props: {
  entityRef: string;
  finding: Finding;
  /** Called after a request was created, so lists can reload. */
  onChange?: () => void;
}) {
  const t = useT();
  const { entityRef, finding } = props;
  const permissions = useExceptionPermissions(entityRef);
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState(false);

  if (finding.accepted) {
    return (
      <Stack spacing={0.25}>
        <Typography variant="subtitle2" component="h3">
          {t('exceptions.acceptedTitle')}
        </Typography>
        <Typography variant="body2">
          {t('exceptions.accepted', {
            date: formatDay(finding.accepted.expiresAt),
            justification: t(
              `exceptions.justification.${finding.accepted.justification}`,
            ),
            id: finding.accepted.exceptionId,
          })}
        </Typography>
      </Stack>
    );
  }
  if (finding.status !== 'open' || !permissions.canRequest) {
    return null;
  }
  if (created) {
    return <Alert severity="success">{t('exceptions.request.created')}</Alert>;
  }
  if (!open) {
    return (
      <div>
        <Button variant="outlined" onClick={() => setOpen(true)}>
          {t('exceptions.request.open')}
        </Button>
      </div>
    );
  }
  return (
    <RequestExceptionForm
      entityRef={entityRef}
      finding={finding}
      onCancel={() => setOpen(false)}
      onCreated={() => {
        setCreated(true);
        setOpen(false);
        props.onChange?.();
      }}
    />
  );
}
