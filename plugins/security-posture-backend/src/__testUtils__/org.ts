import { Entity } from '@backstage/catalog-model';

function group(name: string, parent?: string, children: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', title: name },
    spec: { type: 'team', children, ...(parent ? { parent } : {}) },
    relations: [
      ...(parent
        ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
        : []),
      ...children.map(c => ({
        type: 'parentOf',
        targetRef: `group:default/${c}`,
      })),
    ],
  };
}

function component(
  name: string,
  owner: string,
  system: string | undefined,
  tier: string,
  extra: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'golden-path.dev/security-tier': tier, ...extra },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: `group:default/${owner}`,
      ...(system ? { system } : {}),
    },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      ...(system
        ? [{ type: 'partOf', targetRef: `system:default/${system}` }]
        : []),
    ],
  };
}

/**
 * A small organisation with the relations the catalog would compute: engineering has payments
 * (with a checkout sub-squad) and identity; two systems in one domain. payments-api lives in the
 * GitHub repository acme/payments-api, auth-service in the GitLab project acme/identity/auth-service.
 */
export const testOrg: Entity[] = [
  group('engineering', undefined, ['payments', 'identity']),
  group('payments', 'engineering', ['checkout']),
  group('checkout', 'payments'),
  group('identity', 'engineering'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'commerce', namespace: 'default', title: 'Commerce' },
    spec: { owner: 'group:default/engineering' },
  },
  ...['payments-system', 'identity-system'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name, namespace: 'default', title: name },
    spec: { owner: 'group:default/engineering', domain: 'commerce' },
    relations: [{ type: 'partOf', targetRef: 'domain:default/commerce' }],
  })),
  // payments-api provides an API (the exposure part of its findings' priority)
  (e => ({
    ...e,
    relations: [
      ...(e.relations ?? []),
      { type: 'providesApi', targetRef: 'api:default/payments' },
    ],
  }))(
    component('payments-api', 'payments', 'payments-system', '1', {
      'github.com/project-slug': 'acme/payments-api',
    }),
  ),
  component('checkout-web', 'checkout', 'payments-system', '2'),
  component('auth-service', 'identity', 'identity-system', '1', {
    'gitlab.com/project-slug': 'acme/identity/auth-service',
  }),
  component('docs-site', 'identity', undefined, '3', {
    'golden-path.dev/security-posture': 'false',
  }),
];

/** A component of the test organisation's shape (tier annotation, owner and system relations). */
export { component as testComponent };
