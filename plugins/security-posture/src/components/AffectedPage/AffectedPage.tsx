import { Content, Header, Page } from '@backstage/core-components';
import { useT } from '../common';
import { AffectedView } from './AffectedView';

/**
 * The zero-day page of the legacy frontend system ("Who is affected?"), with its own header.
 *
 * @public
 */
export function SecurityAffectedPage() {
  const t = useT();
  return (
    <Page themeId="tool">
      <Header title={t('affected.title')} subtitle={t('affected.subtitle')} />
      <Content>
        <AffectedView />
      </Content>
    </Page>
  );
}

/** The zero-day view without a header, for the new frontend system's page layout. */
export function SecurityAffectedContent() {
  return (
    <Content>
      <AffectedView />
    </Content>
  );
}
