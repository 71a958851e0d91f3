import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';

/** The repository's scanner-output fixtures (test/fixtures, provenance in its README). */
export function fixture(relative: string): string {
  const candidate = path.resolve(
    __dirname,
    '../../../../test/fixtures',
    relative,
  );
  if (!fs.existsSync(candidate)) {
    throw new Error(`fixture ${relative} not found at ${candidate}`);
  }
  return candidate;
}

/** The component the CLI tests report for. */
export const PAYMENTS = 'component:default/payments-api';

/** The payments team and its payments-api (tier 2), with more annotations when given. */
export function paymentsEntities(
  annotations: Record<string, string> = {},
): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'payments', namespace: 'default' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payments-api',
        namespace: 'default',
        annotations: { 'golden-path.dev/security-tier': '2', ...annotations },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/payments',
      },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
    },
  ];
}
