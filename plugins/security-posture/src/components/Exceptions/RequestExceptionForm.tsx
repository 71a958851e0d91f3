import { FormEvent, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/core-plugin-api';
import {
  EXCEPTION_JUSTIFICATIONS,
  ExceptionJustification,
  Finding,
  PostureException,
} from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { errorMessage } from '../common';
import { useT } from '../common';

const DAY = 86_400_000;

function dayAfter(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

/**
 * The form that requests an exception for one finding: a justification (CycloneDX VEX
 * vocabulary or a risk-acceptance reason), a reason, and the day it expires. What the server
 * refuses (a date too far ahead, a duplicate) is shown as its message, in plain text.
 */
export function RequestExceptionForm(props: {
  entityRef: string;
  finding: Finding;
  onCreated: (exception: PostureException) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const [justification, setJustification] = useState<
    ExceptionJustification | ''
  >('');
  const [reason, setReason] = useState('');
  const [expiresOn, setExpiresOn] = useState(dayAfter(30));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!justification) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.requestException({
        entityRef: props.entityRef,
        scope: 'finding',
        findingId: props.finding.id,
        justification,
        reason,
        // the exception ends when the chosen day starts, in UTC
        expiresAt: `${expiresOn}T00:00:00.000Z`,
      });
      props.onCreated(created);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack
      component="form"
      spacing={2}
      onSubmit={submit}
      aria-labelledby="request-exception-title"
    >
      <Typography
        variant="subtitle1"
        component="h3"
        id="request-exception-title"
      >
        {t('exceptions.request.title')}
      </Typography>
      <TextField
        select
        required
        id="exception-justification"
        label={t('exceptions.request.justification')}
        value={justification}
        onChange={e =>
          setJustification(e.target.value as ExceptionJustification)
        }
      >
        {EXCEPTION_JUSTIFICATIONS.map(j => (
          <MenuItem key={j} value={j}>
            {t(`exceptions.justification.${j}`)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        required
        multiline
        minRows={3}
        id="exception-reason"
        label={t('exceptions.request.reason')}
        helperText={t('exceptions.request.reasonHelp')}
        value={reason}
        inputProps={{ maxLength: 2000 }}
        onChange={e => setReason(e.target.value)}
      />
      <TextField
        required
        type="date"
        id="exception-expires"
        label={t('exceptions.request.expiresAt')}
        helperText={t('exceptions.request.expiresHelp')}
        value={expiresOn}
        InputLabelProps={{ shrink: true }}
        inputProps={{ min: dayAfter(1) }}
        onChange={e => setExpiresOn(e.target.value)}
      />
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      <Stack direction="row" spacing={1}>
        <Button
          type="submit"
          variant="contained"
          disabled={busy || !justification || !reason.trim() || !expiresOn}
        >
          {t('exceptions.request.submit')}
        </Button>
        <Button onClick={props.onCancel}>
          {t('exceptions.request.cancel')}
        </Button>
      </Stack>
    </Stack>
  );
}
