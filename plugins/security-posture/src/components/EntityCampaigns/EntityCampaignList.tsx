import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link } from '@backstage/core-components';
import { EntityCampaign } from '@golden-path/plugin-security-posture-common';
import { formatDay, useT } from '../common';

/** Where a campaign's page is (the campaigns page's path, as its notifications link it). */
const campaignPath = (id: string) =>
  `/security-campaigns/${encodeURIComponent(id)}`;

/**
 * The campaigns a component is in: each with a link to its page, whether the component meets
 * the goal, what it still has to do and the deadline; failing ones first.
 */
export function EntityCampaignList(props: { items: EntityCampaign[] }) {
  const t = useT();
  const items = [...props.items].sort(
    (a, b) =>
      Number(a.compliant !== false) - Number(b.compliant !== false) ||
      a.campaign.deadline.localeCompare(b.campaign.deadline),
  );
  return (
    <List dense disablePadding aria-label={t('campaigns.entityTable')}>
      {items.map(item => (
        <ListItem key={item.campaign.id} disableGutters>
          <Stack spacing={0.25}>
            <Stack direction="row" spacing={1} alignItems="center">
              <Link to={campaignPath(item.campaign.id)}>
                {item.campaign.title}
              </Link>
              {item.compliant !== null && (
                <Chip
                  size="small"
                  color={item.compliant ? 'success' : 'error'}
                  label={
                    item.compliant
                      ? t('campaigns.compliant')
                      : t('campaigns.failing')
                  }
                />
              )}
              <Typography variant="caption" color="text.secondary">
                {t('campaigns.entityDue', {
                  deadline: formatDay(item.campaign.deadline),
                })}
              </Typography>
            </Stack>
            {item.compliant === false && item.reason && (
              <Typography variant="body2" color="text.secondary">
                {item.reason}
              </Typography>
            )}
            {item.compliant === null && (
              <Typography variant="body2" color="text.secondary">
                {t('campaigns.notEvaluated')}
              </Typography>
            )}
          </Stack>
        </ListItem>
      ))}
    </List>
  );
}
