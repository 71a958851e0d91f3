import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  createServiceRef,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  SecurityPostureApi,
  SecurityPostureClient,
} from '@golden-path/plugin-security-posture-common';

/**
 * The security-posture API for other backend plugins and modules: a Tech Insights fact retriever,
 * a scaffolder action, a deployment hook.
 *
 * @public
 */
export interface SecurityPostureService {
  /**
   * The API as a caller: a user the calling plugin acts for (the permission policy then decides as
   * for that user), or the calling plugin's own credentials from `auth.getOwnServiceCredentials()`.
   */
  forCredentials(credentials: BackstageCredentials): SecurityPostureApi;
}

/**
 * Calls the security-posture backend over HTTP (wherever discovery says it runs), with a
 * plugin-to-plugin token issued for each request on behalf of the given credentials.
 */
class DefaultSecurityPostureService implements SecurityPostureService {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  forCredentials(credentials: BackstageCredentials): SecurityPostureApi {
    const auth = this.auth;
    return new SecurityPostureClient({
      discoveryApi: this.discovery,
      fetchApi: {
        async fetch(input, init) {
          const { token } = await auth.getPluginRequestToken({
            onBehalfOf: credentials,
            targetPluginId: 'security-posture',
          });
          const headers = new Headers(init?.headers);
          headers.set('Authorization', `Bearer ${token}`);
          return fetch(input, { ...init, headers });
        },
      },
    });
  }
}

/**
 * The {@link SecurityPostureService}. Its default implementation needs nothing but the core
 * discovery and auth services; tests replace it with `securityPostureServiceMock` from
 * `@golden-path/plugin-security-posture-node/testUtils`.
 *
 * @public
 */
export const securityPostureServiceRef =
  createServiceRef<SecurityPostureService>({
    id: 'security-posture.client',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          discovery: coreServices.discovery,
          auth: coreServices.auth,
        },
        factory: ({ discovery, auth }) =>
          new DefaultSecurityPostureService(discovery, auth),
      }),
  });
