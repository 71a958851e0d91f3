import { Content, Header, Page } from '@backstage/core-components';
import { useT } from '../common';
import { EvidenceView } from './EvidenceView';

/**
 * The compliance evidence page of the legacy frontend system, with its own header.
 *
 * @public
 */
export function SecurityEvidencePage() {
  const t = useT();
  return (
    <Page themeId="tool">
      <Header title={t('evidence.title')} subtitle={t('evidence.subtitle')} />
      <Content>
        <EvidenceView />
      </Content>
    </Page>
  );
}

/** The evidence page without a header, for the new frontend system's page layout. */
export function SecurityEvidenceContent() {
  return (
    <Content>
      <EvidenceView />
    </Content>
  );
}
