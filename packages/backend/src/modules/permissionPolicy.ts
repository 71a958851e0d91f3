import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogEntityDeletePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  securityPostureAuditReadPermission,
  securityPostureTemplateUpgradePermission,
  securityPostureEnrollPermission,
  securityPostureGateEvaluatePermission,
  securityPostureAffectedNotifyPermission,
  securityPostureCampaignManagePermission,
  securityPostureEvidenceReadPermission,
  securityPostureExceptionApprovePermission,
  securityPostureExceptionRequestPermission,
  securityPostureReadPermission,
  securityPostureReportUploadPermission,
  securityPostureScannersUpdatePermission,
} from '@golden-path/plugin-security-posture-common';

/**
 * One rule of the policy: which permissions it covers and what it decides for a user.
 *
 * Rules are checked in order; the first whose `matches` is true decides. Later issues add rules
 * (security-posture reads, uploads, exception approval) to {@link goldenPathRules}.
 */
export interface GoldenPathRule {
  /** A short name, shown in tests and logs. */
  name: string;
  matches(permission: Permission): boolean;
  decide(context: PolicyContext): PolicyDecision;
}

/** What a rule decides on. */
interface PolicyContext {
  user?: PolicyQueryUser;
  isAdmin: boolean;
  options: GoldenPathPolicyOptions;
}

/** Settings of the policy, from `goldenPath.permission`. */
export interface GoldenPathPolicyOptions {
  /** User or group refs (lower-case) whose members administer the portal. */
  adminRefs: string[];
  /** Whether non-admins see only the security posture of the components they own. */
  postureVisibleToOwnersOnly: boolean;
  /** User or group refs (lower-case) who may approve exceptions besides the admins. */
  exceptionApproverRefs: string[];
  /** User or group refs (lower-case) who may start template upgrades besides the admins. */
  templateMaintainerRefs: string[];
  /** User or group refs (lower-case) who may notify every owning team besides the admins. */
  securityLeadRefs: string[];
}

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

// Registering locations stays open to signed-in users: the scaffolder's catalog:register step
// runs on behalf of the developer who creates a service.
const adminOnly = new Set([
  catalogEntityDeletePermission.name,
  catalogLocationDeletePermission.name,
]);

/**
 * Signed-in users, or only the owners of the component when `postureVisibleToOwnersOnly` is set;
 * admins always.
 */
function postureReaders(
  name: string,
  permission:
    | typeof securityPostureReadPermission
    | typeof securityPostureGateEvaluatePermission,
): GoldenPathRule {
  return {
    name,
    matches: candidate => candidate.name === permission.name,
    decide: ({ user, isAdmin, options }) => {
      if (!user) {
        return DENY;
      }
      if (isAdmin || !options.postureVisibleToOwnersOnly) {
        return ALLOW;
      }
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user.info.ownershipEntityRefs,
        }),
      );
    },
  };
}

/** Allows admins and the users who are, or are members of, the configured refs; denies the rest. */
function adminsOr(
  refsOf: (options: GoldenPathPolicyOptions) => string[],
): GoldenPathRule['decide'] {
  return ({ user, isAdmin, options }) =>
    user &&
    (isAdmin ||
      user.info.ownershipEntityRefs.some(ref =>
        refsOf(options).includes(ref.toLocaleLowerCase('en-US')),
      ))
      ? ALLOW
      : DENY;
}

/** A rule for a catalog-entity resource permission: admins, or the entity's owners. */
function ownersOrAdmins(
  name: string,
  permission:
    | typeof securityPostureExceptionRequestPermission
    | typeof securityPostureScannersUpdatePermission,
): GoldenPathRule {
  return {
    name,
    matches: p => p.name === permission.name,
    decide: ({ user, isAdmin }) => {
      if (!user) {
        return DENY;
      }
      if (isAdmin) {
        return ALLOW;
      }
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user.info.ownershipEntityRefs,
        }),
      );
    },
  };
}

/** The rules of the Golden Path policy, in the order they are checked. */
const goldenPathRules: GoldenPathRule[] = [
  {
    name: 'catalog-administration-is-for-admins',
    matches: permission => adminOnly.has(permission.name),
    decide: ({ isAdmin }) => (isAdmin ? ALLOW : DENY),
  },
  {
    // CI uploads with its own credentials, bound by the plugin to its repository or scope; a
    // person uploading by hand must be an admin.
    name: 'uploads-by-people-are-for-admins',
    matches: permission =>
      permission.name === securityPostureReportUploadPermission.name,
    decide: ({ isAdmin }) => (isAdmin ? ALLOW : DENY),
  },
  {
    // The scaffolder enrolls a new service on behalf of the developer who creates it; an
    // enrollment only ever adds scanners a component must have, so every signed-in person may.
    name: 'enrollment-is-for-signed-in-people',
    matches: permission =>
      permission.name === securityPostureEnrollPermission.name,
    decide: () => ALLOW,
  },
  {
    // Separation of duties: the backend refuses self-approval whatever the policy answers.
    name: 'exceptions-are-approved-by-admins-or-approvers',
    matches: permission =>
      permission.name === securityPostureExceptionApprovePermission.name,
    decide: adminsOr(options => options.exceptionApproverRefs),
  },
  ownersOrAdmins(
    'exceptions-are-requested-by-owners-or-admins',
    securityPostureExceptionRequestPermission,
  ),
  // Lowering what a component must be scanned by is its owners' call (audit-logged with a reason)
  ownersOrAdmins(
    'expected-scanners-are-changed-by-owners-or-admins',
    securityPostureScannersUpdatePermission,
  ),
  {
    // Upgrades write branches into other teams' repositories.
    name: 'template-upgrades-are-for-admins-or-template-maintainers',
    matches: permission =>
      permission.name === securityPostureTemplateUpgradePermission.name,
    decide: adminsOr(options => options.templateMaintainerRefs),
  },
  {
    // "Notify owners" of the zero-day view reaches every owning team of the fleet.
    name: 'owner-notifications-are-for-admins-or-security-leads',
    matches: permission =>
      permission.name === securityPostureAffectedNotifyPermission.name,
    decide: adminsOr(options => options.securityLeadRefs),
  },
  {
    // Campaigns set deadlines for every team in their scope.
    name: 'campaigns-are-managed-by-admins-or-security-leads',
    matches: permission =>
      permission.name === securityPostureCampaignManagePermission.name,
    decide: adminsOr(options => options.securityLeadRefs),
  },
  {
    // Compliance evidence spans the whole fleet: every component's daily pass/fail, exceptions
    // and audit events of a period.
    name: 'compliance-evidence-is-for-admins-or-security-leads',
    matches: permission =>
      permission.name === securityPostureEvidenceReadPermission.name,
    decide: adminsOr(options => options.securityLeadRefs),
  },
  {
    name: 'audit-log-is-for-admins',
    matches: permission =>
      permission.name === securityPostureAuditReadPermission.name,
    decide: ({ isAdmin }) => (isAdmin ? ALLOW : DENY),
  },
  // CI asks the gate with service credentials (always allowed); a person asks about what they may read
  postureReaders(
    'gate-is-asked-by-those-who-read-the-posture',
    securityPostureGateEvaluatePermission,
  ),
  postureReaders(
    'posture-is-readable-by-owners-or-everyone',
    securityPostureReadPermission,
  ),
];

/** Reads `goldenPath.permission`; admins default to the platform team. */
export function readPolicyOptions(config: Config): GoldenPathPolicyOptions {
  return {
    adminRefs: (
      config.getOptionalStringArray('goldenPath.permission.admins') ?? [
        'group:default/platform-team',
      ]
    ).map(ref => ref.toLocaleLowerCase('en-US')),
    postureVisibleToOwnersOnly:
      config.getOptionalBoolean(
        'goldenPath.permission.postureVisibleToOwnersOnly',
      ) ?? false,
    exceptionApproverRefs: (
      config.getOptionalStringArray(
        'goldenPath.permission.exceptionApprovers',
      ) ?? []
    ).map(ref => ref.toLocaleLowerCase('en-US')),
    templateMaintainerRefs: (
      config.getOptionalStringArray(
        'goldenPath.permission.templateMaintainers',
      ) ?? []
    ).map(ref => ref.toLocaleLowerCase('en-US')),
    securityLeadRefs: (
      config.getOptionalStringArray('goldenPath.permission.securityLeads') ?? []
    ).map(ref => ref.toLocaleLowerCase('en-US')),
  };
}

/**
 * The Golden Path permission policy: signed-in users may use the portal and register components;
 * deleting catalog entities and locations is reserved to the configured admins (a user, or any member of a group, listed in
 * `goldenPath.permission.admins`); anything not covered by a rule is allowed for signed-in users.
 */
export class GoldenPathPermissionPolicy implements PermissionPolicy {
  private readonly adminRefs: Set<string>;

  constructor(
    private readonly options: GoldenPathPolicyOptions,
    private readonly rules: GoldenPathRule[] = goldenPathRules,
  ) {
    this.adminRefs = new Set(options.adminRefs);
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const isAdmin =
      user?.info.ownershipEntityRefs.some(ref =>
        this.adminRefs.has(ref.toLocaleLowerCase('en-US')),
      ) ?? false;
    const rule = this.rules.find(r => r.matches(request.permission));
    if (rule) {
      return rule.decide({ user, isAdmin, options: this.options });
    }
    return user ? ALLOW : DENY;
  }
}

/** Installs {@link GoldenPathPermissionPolicy} as the permission backend's policy. */
export const goldenPathPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'golden-path-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new GoldenPathPermissionPolicy(readPolicyOptions(config)),
        );
      },
    });
  },
});
