import { Entity } from '@backstage/catalog-model';
import { isSecurityPostureAvailable } from './isSecurityPostureAvailable';

function entity(kind: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
    spec: {},
  };
}

describe('isSecurityPostureAvailable', () => {
  it('applies to components', () => {
    expect(isSecurityPostureAvailable(entity('Component'))).toBe(true);
    expect(
      isSecurityPostureAvailable(
        entity('Component', { 'golden-path.dev/security-posture': 'true' }),
      ),
    ).toBe(true);
  });

  it('does not apply to components that opt out', () => {
    expect(
      isSecurityPostureAvailable(
        entity('Component', { 'golden-path.dev/security-posture': 'false' }),
      ),
    ).toBe(false);
  });

  it('does not apply to other kinds', () => {
    expect(isSecurityPostureAvailable(entity('System'))).toBe(false);
    expect(isSecurityPostureAvailable(entity('Group'))).toBe(false);
  });
});
