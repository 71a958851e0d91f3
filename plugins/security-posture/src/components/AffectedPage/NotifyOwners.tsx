import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive';
import { useApi } from '@backstage/core-plugin-api';
import {
  AffectedNotifyResult,
  AffectedQuery,
} from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { useT } from '../common';

/**
 * "Notify owners": after a confirmation naming how many teams it reaches, one notification per
 * owning group (the backend audit-logs it); the result says which teams were told.
 */
export function NotifyOwners(props: {
  query: AffectedQuery;
  link: string;
  owners: number;
}) {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const [open, setOpen] = useState(false);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<AffectedNotifyResult>();
  const [error, setError] = useState<Error>();

  const send = async () => {
    setSending(true);
    setError(undefined);
    try {
      setResult(
        await api.notifyAffectedOwners({ ...props.query, link: props.link }),
      );
      setOpen(false);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <Button
        variant="contained"
        size="small"
        color="warning"
        startIcon={<NotificationsActiveIcon />}
        disabled={props.owners === 0}
        onClick={() => {
          setResult(undefined);
          setOpen(true);
        }}
      >
        {t('affected.notify.button')}
      </Button>
      {result && (
        <Alert severity="success" onClose={() => setResult(undefined)}>
          {t('affected.notify.done', {
            teams: result.notified.map(n => n.ownerRef).join(', '),
            number: String(result.notified.length),
          })}
        </Alert>
      )}
      <Dialog open={open} onClose={() => setOpen(false)}>
        <DialogTitle>{t('affected.notify.title')}</DialogTitle>
        <DialogContent>
          {t('affected.notify.confirm', { teams: String(props.owners) })}
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error.message}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>
            {t('affected.notify.cancel')}
          </Button>
          <Button variant="contained" onClick={send} disabled={sending}>
            {t('affected.notify.send')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
