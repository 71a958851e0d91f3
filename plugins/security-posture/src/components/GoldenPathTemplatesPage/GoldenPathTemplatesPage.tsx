import { Content, Header, Page } from '@backstage/core-components';
import { useT } from '../common';
import { TemplatesView } from './TemplatesView';

/**
 * The platform engineer's golden-path templates page of the legacy frontend system, with its own
 * header: versions and changelogs, adoption per version, the components made from each template
 * and how far behind they are.
 *
 * @public
 */
export function GoldenPathTemplatesPage() {
  const t = useT();
  return (
    <Page themeId="tool">
      <Header title={t('templates.title')} subtitle={t('templates.subtitle')} />
      <Content>
        <TemplatesView />
      </Content>
    </Page>
  );
}

/**
 * The templates page without a header, for the new frontend system, whose page layout already
 * shows the page title.
 */
export function GoldenPathTemplatesContent() {
  return (
    <Content>
      <TemplatesView />
    </Content>
  );
}
