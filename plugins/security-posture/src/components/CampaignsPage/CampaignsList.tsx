import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  CampaignListItem,
  securityPostureCampaignManagePermission,
} from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { formatDay, useT } from '../common';
import { CampaignForm } from './CampaignForm';
import { goalText } from './campaignText';

const STATUS_COLOR = {
  scheduled: 'default',
  active: 'primary',
  ended: 'default',
} as const;

/** A campaign's stored progress as a bar and a sentence (or "not evaluated yet"). */
function CampaignProgressBar(props: { summary: CampaignListItem['summary'] }) {
  const t = useT();
  const { summary } = props;
  if (!summary) {
    return (
      <Typography variant="body2" color="text.secondary">
        {t('campaigns.notEvaluated')}
      </Typography>
    );
  }
  const total = summary.compliant + summary.failing;
  const label = t('campaigns.progress', {
    compliant: String(summary.compliant),
    total: String(total),
  });
  return (
    <Stack spacing={0.5} sx={{ minWidth: 160 }}>
      <LinearProgress
        variant="determinate"
        value={total === 0 ? 100 : (100 * summary.compliant) / total}
        aria-label={label}
      />
      <Typography variant="caption">{label}</Typography>
    </Stack>
  );
}

/** Every campaign, the nearest deadline first, and "new campaign" for those allowed. */
export function CampaignsList() {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const navigate = useNavigate();
  const manage = usePermission({
    permission: securityPostureCampaignManagePermission,
  });
  const [creating, setCreating] = useState(false);
  const campaigns = useAsyncRetry(async () => api.listCampaigns(), [api]);

  return (
    <Stack spacing={3}>
      <Typography variant="body1">{t('campaigns.intro')}</Typography>
      {manage.allowed && (
        <div>
          <Button
            variant="contained"
            startIcon={<AddIcon />}
            onClick={() => setCreating(true)}
          >
            {t('campaigns.create')}
          </Button>
        </div>
      )}
      {campaigns.loading && <Progress />}
      {campaigns.error && <ResponseErrorPanel error={campaigns.error} />}
      {campaigns.value && campaigns.value.items.length === 0 && (
        <Typography>{t('campaigns.none')}</Typography>
      )}
      {campaigns.value && campaigns.value.items.length > 0 && (
        <Table size="small" aria-label={t('campaigns.listTable')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('campaigns.columns.title')}</TableCell>
              <TableCell>{t('campaigns.columns.goal')}</TableCell>
              <TableCell>{t('campaigns.columns.status')}</TableCell>
              <TableCell>{t('campaigns.columns.deadline')}</TableCell>
              <TableCell>{t('campaigns.columns.progress')}</TableCell>
              <TableCell>{t('campaigns.columns.owner')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {campaigns.value.items.map(campaign => (
              <TableRow key={campaign.id}>
                <TableCell>
                  <Link to={encodeURIComponent(campaign.id)}>
                    {campaign.title}
                  </Link>
                </TableCell>
                <TableCell>{goalText(campaign.goal, t)}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={t(`campaigns.status.${campaign.status}`)}
                    color={STATUS_COLOR[campaign.status]}
                    variant={
                      campaign.status === 'active' ? 'filled' : 'outlined'
                    }
                  />
                </TableCell>
                <TableCell>{formatDay(campaign.deadline)}</TableCell>
                <TableCell>
                  <CampaignProgressBar summary={campaign.summary} />
                </TableCell>
                <TableCell>
                  <EntityRefLink entityRef={campaign.ownerRef} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {creating && (
        <CampaignForm
          open
          onClose={() => setCreating(false)}
          onSaved={saved => {
            setCreating(false);
            navigate(encodeURIComponent(saved.id));
          }}
        />
      )}
    </Stack>
  );
}
