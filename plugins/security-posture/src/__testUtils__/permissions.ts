import { mockApis } from '@backstage/test-utils';
import { PermissionApi } from '@backstage/plugin-permission-react';

type Decision = Exclude<
  NonNullable<
    NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
  >,
  Function
>;

/**
 * A permission API that answers every request the same way (this package does not depend on
 * `@backstage/plugin-permission-common`, where the `AuthorizeResult` enum lives; its values are
 * these strings).
 */
export function permissionApi(answer: 'ALLOW' | 'DENY'): PermissionApi {
  return mockApis.permission({ authorize: answer as Decision });
}
