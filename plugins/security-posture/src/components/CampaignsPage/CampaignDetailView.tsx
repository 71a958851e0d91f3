import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  CampaignDetail,
  securityPostureCampaignManagePermission,
  securityPostureTemplateUpgradePermission,
} from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { errorMessage, formatDateTime, formatDay, useT } from '../common';
import { downloadText } from '../SecurityScorecardPage/downloadText';
import { BurnDown } from './BurnDown';
import { CampaignForm } from './CampaignForm';
import { campaignCsv } from './campaignCsv';
import { CampaignComponents, CampaignTeams } from './CampaignTables';
import { findingSearchOf, goalText, scopeText, statusOf } from './campaignText';

/** A template campaign's "offer the upgrades": one upgrade run over its failing components. */
function OfferUpgrades(props: { detail: CampaignDetail }) {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const [state, setState] = useState<
    { started: number } | { error: string } | undefined
  >();
  const { goal } = props.detail.campaign;
  const failing = props.detail.progress.components
    .filter(c => !c.compliant)
    .map(c => c.entityRef);
  if (goal.type !== 'template' || !goal.templateRef || failing.length === 0) {
    return null;
  }
  const { namespace, name } = parseEntityRef(goal.templateRef);
  const start = async () => {
    try {
      const run = await api.startTemplateUpgradeRun(
        { namespace, name },
        { entityRefs: failing },
      );
      setState({ started: run.total ?? failing.length });
    } catch (e) {
      setState({ error: errorMessage(e) });
    }
  };
  return (
    <Stack spacing={1}>
      <div>
        <Button variant="outlined" onClick={start} disabled={!!state}>
          {t('campaigns.upgrade', { number: String(failing.length) })}
        </Button>
      </div>
      {state && 'started' in state && (
        <Alert severity="success">
          {t('campaigns.upgradeStarted', { number: String(state.started) })}{' '}
          <Link to="/golden-path-templates">/golden-path-templates</Link>
        </Alert>
      )}
      {state && 'error' in state && (
        <Alert severity="error">
          {t('campaigns.upgradeFailed', { message: state.error })}
        </Alert>
      )}
    </Stack>
  );
}

/**
 * One campaign: its goal, scope and dates, the burn-down of its daily series, the teams with
 * their remaining components (nested groups rolled up), the components with what each has to
 * do, CSV export, and for those allowed edit, delete and (template goals) the upgrades.
 */
export function CampaignDetailView() {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const manage = usePermission({
    permission: securityPostureCampaignManagePermission,
  });
  const upgrade = usePermission({
    permission: securityPostureTemplateUpgradePermission,
  });
  const detail = useAsyncRetry(async () => api.getCampaign(id), [api, id]);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();

  if (detail.loading && !detail.value) return <Progress />;
  if (detail.error) return <ResponseErrorPanel error={detail.error} />;
  if (!detail.value) return null;
  const { campaign, progress } = detail.value;
  const status = statusOf(campaign);

  const remove = async () => {
    try {
      await api.deleteCampaign(campaign.id);
      navigate('..');
    } catch (e) {
      setDeleteError(errorMessage(e));
    }
  };

  return (
    <Stack spacing={3}>
      <div>
        <Link to="..">{t('campaigns.back')}</Link>
      </div>
      <Stack spacing={1}>
        <Stack direction="row" spacing={2} alignItems="center">
          <Typography variant="h4" component="h2">
            {campaign.title}
          </Typography>
          <Chip size="small" label={t(`campaigns.status.${status}`)} />
        </Stack>
        {campaign.description && (
          <Typography variant="body1" sx={{ whiteSpace: 'pre-wrap' }}>
            {campaign.description}
          </Typography>
        )}
        <Typography variant="body2">{goalText(campaign.goal, t)}</Typography>
        <Typography variant="body2" color="text.secondary">
          {scopeText(campaign.scope, t)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('campaigns.meta', {
            owner: campaign.ownerRef,
            start: formatDay(campaign.startsAt),
            deadline: formatDay(campaign.deadline),
            evaluated: formatDateTime(progress.evaluatedAt),
          })}
        </Typography>
        <Typography variant="h6" component="p">
          {t('campaigns.progress', {
            compliant: String(progress.compliant),
            total: String(progress.compliant + progress.failing),
          })}
        </Typography>
      </Stack>
      <Stack direction="row" spacing={2}>
        <Button
          variant="outlined"
          startIcon={<DownloadIcon />}
          onClick={() =>
            downloadText(
              `campaign-${campaign.id}.csv`,
              campaignCsv(detail.value!),
              'text/csv',
            )
          }
        >
          {t('campaigns.exportCsv')}
        </Button>
        {manage.allowed && (
          <>
            <Button variant="outlined" onClick={() => setEditing(true)}>
              {t('campaigns.edit')}
            </Button>
            <Button
              variant="outlined"
              color="error"
              onClick={() => setDeleting(true)}
            >
              {t('campaigns.delete')}
            </Button>
          </>
        )}
      </Stack>
      {upgrade.allowed && <OfferUpgrades detail={detail.value} />}
      <Grid container spacing={3}>
        <Grid item xs={12} lg={7}>
          <InfoCard title={t('campaigns.burndown')}>
            <BurnDown history={progress.history} deadline={campaign.deadline} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} lg={5}>
          <InfoCard title={t('campaigns.teams')}>
            <CampaignTeams teams={progress.teams} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title={t('campaigns.components')}>
            <CampaignComponents
              components={progress.components}
              findingSearch={findingSearchOf(campaign.goal)}
            />
          </InfoCard>
        </Grid>
      </Grid>
      {editing && (
        <CampaignForm
          open
          campaign={campaign}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            detail.retry();
          }}
        />
      )}
      <Dialog open={deleting} onClose={() => setDeleting(false)}>
        <DialogTitle>{t('campaigns.deleteTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('campaigns.deleteConfirm')}</DialogContentText>
          {deleteError && (
            <Alert severity="error">
              {t('campaigns.deleteFailed', { message: deleteError })}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setDeleting(false)}>
            {t('campaigns.form.cancel')}
          </Button>
          <Button color="error" variant="contained" onClick={remove}>
            {t('campaigns.delete')}
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}
