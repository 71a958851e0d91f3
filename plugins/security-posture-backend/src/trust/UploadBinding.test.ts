import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testOrg } from '../__testUtils__/org';
import { DEFAULT_UPLOADS_CONFIG } from './config';
import { UploadBinding } from './UploadBinding';

const PAYMENTS = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout-web';
const AUTH = 'component:default/auth-service';

const binding = new UploadBinding({
  config: {
    ...DEFAULT_UPLOADS_CONFIG,
    tokens: [
      {
        subject: 'ci-payments',
        entities: [],
        groups: ['group:default/payments'],
      },
      { subject: 'ci-auth', entities: [AUTH], groups: [] },
    ],
  },
  catalog: catalogServiceMock({ entities: testOrg }),
  auth: mockServices.auth(),
  defaultBranch: 'main',
});

const github = (context: string, repo = 'acme/payments-api') =>
  mockCredentials.service(`external:github-actions:repo:${repo}:${context}`);
const gitlab = (ref: string, project = 'acme/identity/auth-service') =>
  mockCredentials.service(
    `external:gitlab-ci:project_path:${project}:ref_type:branch:ref:${ref}`,
  );

describe('UploadBinding', () => {
  it("lets a repository's identity token report for its own component and branch", async () => {
    await expect(
      binding.checkWrite(github('ref:refs/heads/main'), PAYMENTS, undefined),
    ).resolves.toBeUndefined();
    await expect(
      binding.checkWrite(
        github('ref:refs/heads/feature/x'),
        PAYMENTS,
        'feature/x',
      ),
    ).resolves.toBeUndefined();
    await expect(
      binding.checkWrite(gitlab('main'), AUTH, 'main'),
    ).resolves.toBeUndefined();
    await expect(
      binding.checkGate(github('pull_request'), PAYMENTS),
    ).resolves.toBeUndefined();
  });

  it("refuses another repository's component, naming both repositories", async () => {
    await expect(
      binding.checkWrite(
        github('ref:refs/heads/main', 'acme/checkout-web'),
        PAYMENTS,
        'main',
      ),
    ).rejects.toThrow(
      'the identity token of github repository acme/checkout-web may not report for component:default/payments-api, whose repository is acme/payments-api',
    );
    await expect(
      binding.checkGate(github('ref:refs/heads/main'), CHECKOUT),
    ).rejects.toThrow(
      'whose repository is not named (no project-slug or source-location)',
    );
    // a GitHub token never matches a GitLab project of the same path
    await expect(
      binding.checkWrite(
        github('ref:refs/heads/main', 'acme/auth-service'),
        AUTH,
        'main',
      ),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it("keeps a pull request's, a tag's and another branch's token off the default branch", async () => {
    await expect(
      binding.checkWrite(github('pull_request'), PAYMENTS, undefined),
    ).rejects.toThrow(
      'the identity token of acme/payments-api (pull_request) is not one of the default branch main',
    );
    await expect(
      binding.checkWrite(github('ref:refs/tags/v1'), PAYMENTS, 'main'),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      binding.checkWrite(github('pull_request'), PAYMENTS, 'feature/x'),
    ).resolves.toBeUndefined();
    await expect(
      binding.checkWrite(github('ref:refs/heads/feature/x'), PAYMENTS, 'main'),
    ).rejects.toThrow(
      'runs on branch feature/x; it may report for branch feature/x only, not main',
    );
  });

  it('scopes static credentials to their entities and to the components of their groups and sub-groups', async () => {
    const payments = mockCredentials.service('ci-payments');
    await expect(
      binding.checkWrite(payments, PAYMENTS, 'main'),
    ).resolves.toBeUndefined();
    // checkout-web belongs to checkout, a sub-group of payments
    await expect(
      binding.checkWrite(payments, CHECKOUT, 'main'),
    ).resolves.toBeUndefined();
    await expect(binding.checkWrite(payments, AUTH, 'main')).rejects.toThrow(
      'ci-payments may report only for components of group:default/payments; not for component:default/auth-service',
    );
    await expect(
      binding.checkGate(mockCredentials.service('ci-auth'), AUTH),
    ).resolves.toBeUndefined();
  });

  it('binds any other service caller to nothing, and passes users to their permissions', async () => {
    await expect(
      binding.checkWrite(
        mockCredentials.service('plugin:catalog'),
        PAYMENTS,
        'main',
      ),
    ).rejects.toThrow(
      'plugin:catalog is bound to no component: service callers report with a CI identity token or a credential that securityPosture.uploads.tokens scopes',
    );
    await expect(
      binding.checkWrite(
        mockCredentials.service('external:github-actions:not-a-subject'),
        PAYMENTS,
        'main',
      ),
    ).rejects.toThrow(
      "its identity token's subject is not one of a github CI job",
    );
    await expect(
      binding.checkWrite(mockCredentials.user(), AUTH, 'main'),
    ).resolves.toBeUndefined();
  });

  it('answers 404 for a component the catalog does not have', async () => {
    await expect(
      binding.checkWrite(
        github('ref:refs/heads/main'),
        'component:default/nope',
        'main',
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
