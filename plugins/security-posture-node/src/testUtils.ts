/**
 * Test utilities of the security-posture node library.
 *
 * @packageDocumentation
 */

import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { NotImplementedError } from '@backstage/errors';
import { SecurityPostureApi } from '@golden-path/plugin-security-posture-common';
import { SecurityPostureService, securityPostureServiceRef } from './service';

// The service the mock implements, also exported by the main entry point.
export type { SecurityPostureService } from './service';

/**
 * One call a plugin under test made through the {@link securityPostureServiceMock}.
 *
 * @public
 */
export interface SecurityPostureServiceMockCall {
  method: keyof SecurityPostureApi;
  args: unknown[];
  credentials: BackstageCredentials;
}

/**
 * A stand-in for the security-posture service, for tests of plugins that use
 * `securityPostureServiceRef`: the given methods answer, every other method throws a
 * `NotImplementedError` naming itself, and every call is recorded with the caller's credentials.
 *
 * @public
 */
export interface SecurityPostureServiceMock extends SecurityPostureService {
  /** Every call, in order. */
  readonly calls: SecurityPostureServiceMockCall[];
}

/**
 * Test doubles of the security-posture service.
 *
 * @public
 */
export const securityPostureServiceMock = Object.assign(
  (implementation: Partial<SecurityPostureApi> = {}) =>
    createMock(implementation),
  {
    /** A service factory for `startTestBackend({ features: [...] })`. */
    factory(implementation: Partial<SecurityPostureApi> = {}) {
      const mock = createMock(implementation);
      return createServiceFactory({
        service: securityPostureServiceRef,
        deps: {},
        factory: () => mock,
      });
    },
  },
);

function createMock(
  implementation: Partial<SecurityPostureApi>,
): SecurityPostureServiceMock {
  const calls: SecurityPostureServiceMockCall[] = [];
  return {
    calls,
    forCredentials(credentials) {
      // every method of the API, including ones added after this mock was written
      return new Proxy({} as SecurityPostureApi, {
        get(_target, property) {
          if (typeof property !== 'string' || property === 'then') {
            return undefined;
          }
          const method = property as keyof SecurityPostureApi;
          return async (...args: unknown[]) => {
            calls.push({ method, args, credentials });
            const fn = implementation[method] as
              | ((...a: unknown[]) => unknown)
              | undefined;
            if (!fn) {
              throw new NotImplementedError(
                `securityPostureServiceMock: ${method} was called but not given`,
              );
            }
            return fn(...args);
          };
        },
      });
    },
  };
}
