import { Content, Header, Page } from '@backstage/core-components';
import { useT } from '../common';
import { ScorecardView } from './ScorecardView';

/**
 * The security scorecard page of the legacy frontend system, with its own header.
 *
 * @public
 */
export function SecurityScorecardPage() {
  const t = useT();
  return (
    <Page themeId="tool">
      <Header title={t('scorecard.title')} subtitle={t('scorecard.subtitle')} />
      <Content>
        <ScorecardView />
      </Content>
    </Page>
  );
}

/**
 * The security scorecard without a header, for the new frontend system, whose page layout
 * already shows the page title.
 */
export function SecurityScorecardContent() {
  return (
    <Content>
      <ScorecardView />
    </Content>
  );
}
