import { JsonObject } from '@backstage/types';
import { mockServices } from '@backstage/backend-test-utils';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  securityPostureAuditReadPermission,
  securityPostureAffectedNotifyPermission,
  securityPostureCampaignManagePermission,
  securityPostureEvidenceReadPermission,
  securityPostureExceptionApprovePermission,
  securityPostureExceptionRequestPermission,
  securityPostureReadPermission,
  securityPostureGateEvaluatePermission,
  securityPostureReportUploadPermission,
  securityPostureTemplateUpgradePermission,
  securityPostureEnrollPermission,
  securityPostureScannersUpdatePermission,
} from '@golden-path/plugin-security-posture-common';
import {
  GoldenPathPermissionPolicy,
  readPolicyOptions,
} from './permissionPolicy';

function user(ref: string, ownership: string[]): PolicyQueryUser {
  return {
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...ownership] },
    credentials: {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: ref },
    },
  } as PolicyQueryUser;
}

const platformEngineer = user('user:default/finley.platform', [
  'group:default/platform-team',
]);
const developer = user('user:default/blake.dev', [
  'group:default/payments-team',
]);

function policyWith(permission: JsonObject = {}) {
  return new GoldenPathPermissionPolicy(
    readPolicyOptions(
      mockServices.rootConfig({ data: { goldenPath: { permission } } }),
    ),
  );
}

describe('GoldenPathPermissionPolicy', () => {
  it('reserves catalog deletion to admins', async () => {
    const policy = policyWith();
    const query = { permission: catalogEntityDeletePermission };
    expect((await policy.handle(query, platformEngineer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await policy.handle(query, developer)).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('lets developers register components (the scaffolder does so on their behalf)', async () => {
    const decision = await policyWith().handle(
      { permission: catalogLocationCreatePermission },
      developer,
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it('lets signed-in users read the catalog and denies callers without identity', async () => {
    const policy = policyWith();
    const query = { permission: catalogEntityReadPermission };
    expect((await policy.handle(query, developer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await policy.handle(query, undefined)).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('lets only admins upload reports by hand', async () => {
    const policy = policyWith();
    const query = { permission: securityPostureReportUploadPermission };
    expect((await policy.handle(query, developer)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect((await policy.handle(query, platformEngineer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('lets every signed-in developer enroll a component (the scaffolder does so on their behalf)', async () => {
    const policy = policyWith();
    const query = { permission: securityPostureEnrollPermission };
    expect((await policy.handle(query, developer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await policy.handle(query, platformEngineer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('shows posture to everyone by default', async () => {
    const decision = await policyWith().handle(
      { permission: securityPostureReadPermission },
      developer,
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it('limits posture to owned components when configured', async () => {
    const decision = await policyWith({
      postureVisibleToOwnersOnly: true,
    }).handle({ permission: securityPostureReadPermission }, developer);
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/blake.dev', 'group:default/payments-team'],
        },
      },
    });
  });

  it('lets whoever reads a posture ask the gate, and only owners when posture is limited', async () => {
    expect(
      (
        await policyWith().handle(
          { permission: securityPostureGateEvaluatePermission },
          developer,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (
        await policyWith().handle({
          permission: securityPostureGateEvaluatePermission,
        })
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      await policyWith({ postureVisibleToOwnersOnly: true }).handle(
        { permission: securityPostureGateEvaluatePermission },
        developer,
      ),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      conditions: { rule: 'IS_ENTITY_OWNER' },
    });
  });

  it('reserves the audit log to admins', async () => {
    const policy = policyWith();
    const query = { permission: securityPostureAuditReadPermission };
    expect((await policy.handle(query, platformEngineer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await policy.handle(query, developer)).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('lets admins and configured approvers approve exceptions, nobody else', async () => {
    const query = { permission: securityPostureExceptionApprovePermission };
    const byDefault = policyWith();
    expect((await byDefault.handle(query, platformEngineer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await byDefault.handle(query, developer)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect((await byDefault.handle(query, undefined)).result).toBe(
      AuthorizeResult.DENY,
    );
    const withApprovers = policyWith({
      exceptionApprovers: ['User:Default/Blake.Dev'],
    });
    expect((await withApprovers.handle(query, developer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('lets admins and configured template maintainers start template upgrades, nobody else', async () => {
    const query = { permission: securityPostureTemplateUpgradePermission };
    const byDefault = policyWith();
    expect((await byDefault.handle(query, platformEngineer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await byDefault.handle(query, developer)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect((await byDefault.handle(query, undefined)).result).toBe(
      AuthorizeResult.DENY,
    );
    const withMaintainers = policyWith({
      templateMaintainers: ['Group:Default/Payments-Team'],
    });
    expect((await withMaintainers.handle(query, developer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it.each([
    [
      'notify the owners of affected components',
      securityPostureAffectedNotifyPermission,
    ],
    ['create and edit campaigns', securityPostureCampaignManagePermission],
    ['export compliance evidence', securityPostureEvidenceReadPermission],
  ])(
    'lets admins and configured security leads %s, nobody else',
    async (_what, permission) => {
      const query = { permission };
      const byDefault = policyWith();
      expect((await byDefault.handle(query, platformEngineer)).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await byDefault.handle(query, developer)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await byDefault.handle(query, undefined)).result).toBe(
        AuthorizeResult.DENY,
      );
      const withLeads = policyWith({
        securityLeads: ['User:Default/Blake.Dev'],
      });
      expect((await withLeads.handle(query, developer)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    },
  );

  it.each([
    ['request exceptions for', securityPostureExceptionRequestPermission],
    [
      'change the expected scanners of',
      securityPostureScannersUpdatePermission,
    ],
  ])(
    'lets owners %s their components, admins for any',
    async (_what, permission) => {
      const policy = policyWith();
      const query = { permission };
      expect((await policy.handle(query, platformEngineer)).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect(await policy.handle(query, developer)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/blake.dev', 'group:default/payments-team'],
          },
        },
      });
      expect((await policy.handle(query, undefined)).result).toBe(
        AuthorizeResult.DENY,
      );
    },
  );

  it('takes admins from configuration, case-insensitively', async () => {
    const policy = policyWith({ admins: ['Group:Default/Payments-Team'] });
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      developer,
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });
});
