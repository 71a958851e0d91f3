import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { PostureException } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { errorMessage } from '../common';
import { formatDay, useT } from '../common';
import { exceptionSubject } from './subject';
import { useExceptionPermissions } from './useExceptionPermissions';

type Action = 'approve' | 'reject' | 'revoke';

/** The actions the signed-in user may take on one exception (the backend checks again). */
function allowedActions(
  exception: PostureException,
  user: { userEntityRef?: string; canApprove: boolean },
): Action[] {
  const own = exception.requestedBy === user.userEntityRef;
  const actions: Action[] = [];
  if (exception.state === 'pending' && user.canApprove && !own) {
    actions.push('approve', 'reject');
  }
  if (
    (exception.state === 'pending' || exception.state === 'approved') &&
    (own || user.canApprove)
  ) {
    actions.push('revoke');
  }
  return actions;
}

/**
 * The exceptions of a component on its Security tab, newest first: what each covers, why, its
 * state, who asked and until when. Approvers see Approve and Reject on pending requests of other
 * people (never their own); the requester and approvers may revoke. Texts from people are plain
 * text.
 */
export function EntityExceptions(props: {
  entityRef: string;
  /** Changes when something else (a new request) should reload the list. */
  version?: number;
  /** Called after a decision, so the posture and findings can reload. */
  onChange?: () => void;
}) {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const { entityRef } = props;
  const permissions = useExceptionPermissions(entityRef);
  const list = useAsyncRetry(
    async () => api.listExceptions({ entityRef, limit: 100 }),
    [api, entityRef, props.version],
  );
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();

  async function act(exception: PostureException, action: Action) {
    setBusy(exception.id);
    setError(undefined);
    try {
      await api.decideException(exception.id, action);
      list.retry();
      props.onChange?.();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <InfoCard title={t('exceptions.title')}>
      {(list.loading || permissions.loading) && !list.value && <Progress />}
      {list.error && <ResponseErrorPanel error={list.error} />}
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {error}
        </Alert>
      )}
      {list.value && list.value.items.length === 0 && (
        <Typography variant="body2">{t('exceptions.empty')}</Typography>
      )}
      {list.value && list.value.items.length > 0 && (
        <Table size="small" aria-label={t('exceptions.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('exceptions.columns.subject')}</TableCell>
              <TableCell>{t('exceptions.columns.justification')}</TableCell>
              <TableCell>{t('exceptions.columns.reason')}</TableCell>
              <TableCell>{t('exceptions.columns.state')}</TableCell>
              <TableCell>{t('exceptions.columns.requestedBy')}</TableCell>
              <TableCell>{t('exceptions.columns.expiresAt')}</TableCell>
              <TableCell>{t('exceptions.columns.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.value.items.map(exception => {
              const subject = exceptionSubject(t, exception);
              const actions = permissions.loading
                ? []
                : allowedActions(exception, permissions);
              const own = exception.requestedBy === permissions.userEntityRef;
              return (
                <TableRow key={exception.id}>
                  <TableCell sx={{ wordBreak: 'break-word' }}>
                    {subject}
                  </TableCell>
                  <TableCell>
                    {t(`exceptions.justification.${exception.justification}`)}
                  </TableCell>
                  <TableCell
                    sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
                  >
                    {exception.reason}
                  </TableCell>
                  <TableCell>
                    {t(`exceptions.state.${exception.state}`)}
                  </TableCell>
                  <TableCell>{exception.requestedBy}</TableCell>
                  <TableCell>{formatDay(exception.expiresAt)}</TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={1} alignItems="center">
                      {actions.map(action => (
                        <Button
                          key={action}
                          size="small"
                          variant={action === 'approve' ? 'contained' : 'text'}
                          disabled={busy === exception.id}
                          aria-label={t('exceptions.action.label', {
                            action: t(`exceptions.action.${action}`),
                            subject,
                          })}
                          onClick={() => act(exception, action)}
                        >
                          {t(`exceptions.action.${action}`)}
                        </Button>
                      ))}
                      {own &&
                        exception.state === 'pending' &&
                        permissions.canApprove && (
                          <Typography variant="caption">
                            {t('exceptions.ownRequest')}
                          </Typography>
                        )}
                    </Stack>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
