import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import plugin, {
  securityPostureEntityCard,
  securityPostureEntityContent,
  securityPostureDependenciesContent,
  securityScorecardPage,
  goldenPathTemplatesPage,
} from './alpha';
import { makeComponent } from './__testUtils__/fixtures';

const optedOut = {
  ...makeComponent(),
  metadata: {
    name: 'docs-site',
    annotations: { 'golden-path.dev/security-posture': 'false' },
  },
};

describe('security-posture plugin (new frontend system)', () => {
  it('provides the API, card, tab and page', () => {
    expect(plugin.id).toBe('security-posture');
    for (const id of [
      'api:security-posture',
      'entity-card:security-posture',
      'entity-content:security-posture',
      'entity-content:security-posture/dependencies',
      'page:security-posture',
      'page:security-posture/templates',
      'page:security-posture/affected',
      'page:security-posture/campaigns',
      'page:security-posture/evidence',
    ] as const) {
      expect(plugin.getExtension(id)).toBeDefined();
    }
  });

  it('shows the card on components that do not opt out', () => {
    const tester = createExtensionTester(securityPostureEntityCard, {
      config: { docsUrl: 'https://docs.example.com/upload' },
    });
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(makeComponent())).toBe(true);
    expect(filter?.(optedOut)).toBe(false);
    expect(filter?.({ ...makeComponent(), kind: 'System' })).toBe(false);
  });

  it('adds the Security tab at /security', () => {
    const tester = createExtensionTester(securityPostureEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/security');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Security');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(makeComponent())).toBe(true);
    expect(filter?.(optedOut)).toBe(false);
  });

  it('adds the Dependencies tab at /dependencies, for the same entities as the Security tab', () => {
    const tester = createExtensionTester(securityPostureDependenciesContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/dependencies');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Dependencies',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(makeComponent())).toBe(true);
    expect(filter?.(optedOut)).toBe(false);
    expect(filter?.({ ...makeComponent(), kind: 'System' })).toBe(false);
  });

  it('mounts the scorecard page at /security-scorecard with a nav title', () => {
    const tester = createExtensionTester(securityScorecardPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/security-scorecard');
    expect(tester.get(coreExtensionData.title)).toBe('Security scorecard');
  });

  it('mounts the templates page at /golden-path-templates with a nav title', () => {
    const tester = createExtensionTester(goldenPathTemplatesPage);
    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/golden-path-templates',
    );
    expect(tester.get(coreExtensionData.title)).toBe('Golden-path templates');
  });
});
