import { securityPosturePlugin } from './plugin';
import { securityPostureApiRef } from './api';

describe('security-posture plugin (legacy frontend system)', () => {
  it('provides the API factory and the routes', () => {
    expect(securityPosturePlugin.getId()).toBe('security-posture');
    const apis = [...securityPosturePlugin.getApis()];
    expect(apis.map(factory => factory.api.id)).toEqual([
      securityPostureApiRef.id,
    ]);
    expect(Object.keys(securityPosturePlugin.routes)).toEqual([
      'scorecard',
      'entityContent',
      'dependencies',
      'templates',
      'affected',
      'campaigns',
      'evidence',
    ]);
  });
});
