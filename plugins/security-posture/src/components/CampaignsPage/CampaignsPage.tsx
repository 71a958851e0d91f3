import { Route, Routes } from 'react-router-dom';
import { Content, Header, Page } from '@backstage/core-components';
import { useT } from '../common';
import { CampaignDetailView } from './CampaignDetailView';
import { CampaignsList } from './CampaignsList';

/** The list of campaigns at the page's root, one campaign at `/<id>` below it. */
function CampaignsRoutes() {
  return (
    <Routes>
      <Route path="/" element={<CampaignsList />} />
      <Route path="/:id" element={<CampaignDetailView />} />
    </Routes>
  );
}

/**
 * The campaigns page of the legacy frontend system, with its own header: every campaign, and
 * one campaign's burn-down, teams and components at `/<id>` (the link its notifications carry).
 *
 * @public
 */
export function SecurityCampaignsPage() {
  const t = useT();
  return (
    <Page themeId="tool">
      <Header title={t('campaigns.title')} subtitle={t('campaigns.subtitle')} />
      <Content>
        <CampaignsRoutes />
      </Content>
    </Page>
  );
}

/** The campaigns page without a header, for the new frontend system's page layout. */
export function SecurityCampaignsContent() {
  return (
    <Content>
      <CampaignsRoutes />
    </Content>
  );
}
