import { identityApiRef } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { PostureException } from '@golden-path/plugin-security-posture-common';
import { ReactNode } from 'react';
import { securityPostureApiRef } from '../api';
import { mockSecurityPostureApi } from './fixtures';

export const ENTITY_REF = 'component:default/payments-api';
export const AVERY = 'user:default/avery.lead';
export const FINLEY = 'user:default/finley.platform';

/** A permission answer. */
export type Answer = 'ALLOW' | 'DENY';

/** An exception with every field set. */
export function makeException(
  overrides: Partial<PostureException> = {},
): PostureException {
  return {
    id: 'e1',
    entityRef: ENTITY_REF,
    scope: 'finding',
    findingId: 'f1',
    ruleId: 'CVE-2021-44228',
    tool: 'trivy',
    justification: 'code_not_reachable',
    reason: 'JNDI lookups are disabled.',
    state: 'pending',
    requestedBy: AVERY,
    requestedAt: '2026-11-20T10:00:00.000Z',
    expiresAt: '2026-12-20T00:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    decisionComment: null,
    revokedBy: null,
    revokedAt: null,
    revokeComment: null,
    expiredAt: null,
    ...overrides,
  };
}

/**
 * Renders with a permission API answering the approve permission and the others separately
 * (usePermission caches answers per permission and resource for the whole test file).
 */
export async function renderWithPermissions(
  api: ReturnType<typeof mockSecurityPostureApi>,
  options: { user: string; request: Answer; approve: Answer },
  children: ReactNode,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityPostureApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: request =>
              (request.permission.name === 'security-posture.exception.approve'
                ? options.approve
                : options.request) as any,
          }),
        ],
        [identityApiRef, mockApis.identity({ userEntityRef: options.user })],
      ]}
    >
      {children}
    </TestApiProvider>,
  );
}
