import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read a component's posture and findings. A catalog-entity resource permission, so a policy can
 * limit a user to the components they own (with the catalog's `isEntityOwner` condition).
 *
 * @public
 */
export const securityPostureReadPermission = createPermission({
  name: 'security-posture.posture.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Upload a scanner report. CI uploads with service credentials restricted to this plugin; users
 * need this permission.
 *
 * @public
 */
export const securityPostureReportUploadPermission = createPermission({
  name: 'security-posture.report.upload',
  attributes: { action: 'create' },
});

/**
 * Enroll a component (the scaffolder does, on behalf of the person who ran the template). An
 * enrollment only ever adds to what a component must be scanned by.
 *
 * @public
 */
export const securityPostureEnrollPermission = createPermission({
  name: 'security-posture.component.enroll',
  attributes: { action: 'update' },
});

/**
 * Change what a component must be scanned by, lowering it included (its owners, typically). A
 * catalog-entity resource permission, so a policy can limit it to the component's owners with the
 * catalog's `isEntityOwner` condition. Enrolling never lowers the expected scanners; only this
 * does, and every change is audit-logged with its reason.
 *
 * @public
 */
export const securityPostureScannersUpdatePermission = createPermission({
  name: 'security-posture.component.scanners.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read roll-ups (scorecards by owner, system or domain). Row-level visibility still follows
 * {@link securityPostureReadPermission}.
 *
 * @public
 */
export const securityPostureScorecardReadPermission = createPermission({
  name: 'security-posture.scorecard.read',
  attributes: { action: 'read' },
});

/**
 * Start golden-path template upgrades of components (the platform engineer's templates page
 * hides its upgrade buttons without it).
 *
 * @public
 */
export const securityPostureTemplateUpgradePermission = createPermission({
  name: 'security-posture.template.upgrade',
  attributes: { action: 'update' },
});

/**
 * Request an exception (risk acceptance) for a finding or a rule of a component. A catalog-entity
 * resource permission, so a policy can limit requests to the component's owners.
 *
 * @public
 */
export const securityPostureExceptionRequestPermission = createPermission({
  name: 'security-posture.exception.request',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve or reject someone else's exception request. Nobody approves their own, whatever the
 * policy says.
 *
 * @public
 */
export const securityPostureExceptionApprovePermission = createPermission({
  name: 'security-posture.exception.approve',
  attributes: { action: 'update' },
});

/**
 * Read the audit log (exception requests, decisions, expiries, gate decisions).
 *
 * @public
 */
export const securityPostureAuditReadPermission = createPermission({
  name: 'security-posture.audit.read',
  attributes: { action: 'read' },
});

/**
 * Ask the deployment gate about a component (CI's service token; users who may read its posture).
 * A catalog-entity resource permission: a policy can limit it to the component's owners.
 *
 * @public
 */
export const securityPostureGateEvaluatePermission = createPermission({
  name: 'security-posture.gate.evaluate',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read the golden-path templates page: templates, versions, adoption and the components behind.
 *
 * @public
 */
export const securityPostureTemplateReadPermission = createPermission({
  name: 'security-posture.template.read',
  attributes: { action: 'read' },
});

/**
 * Notify the owning group of every component an advisory or a package affects (the zero-day
 * view's "notify owners"): one notification per group, audit-logged.
 *
 * @public
 */
export const securityPostureAffectedNotifyPermission = createPermission({
  name: 'security-posture.affected.notify',
  attributes: { action: 'create' },
});

/**
 * Create and edit campaigns (a goal over a scope of components, with a deadline); reading them is
 * {@link securityPostureScorecardReadPermission}'s.
 *
 * @public
 */
export const securityPostureCampaignManagePermission = createPermission({
  name: 'security-posture.campaign.manage',
  attributes: { action: 'update' },
});

/**
 * Export compliance evidence (per SOC 2 / ISO/IEC 27001 control: policies, components' daily
 * pass/fail, exceptions and audit events of a period); each export's digest is audit-logged.
 *
 * @public
 */
export const securityPostureEvidenceReadPermission = createPermission({
  name: 'security-posture.evidence.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the security-posture plugin.
 *
 * @public
 */
export const securityPosturePermissions = [
  securityPostureReadPermission,
  securityPostureReportUploadPermission,
  securityPostureEnrollPermission,
  securityPostureScannersUpdatePermission,
  securityPostureScorecardReadPermission,
  securityPostureAffectedNotifyPermission,
  securityPostureGateEvaluatePermission,
  securityPostureExceptionRequestPermission,
  securityPostureExceptionApprovePermission,
  securityPostureAuditReadPermission,
  securityPostureTemplateReadPermission,
  securityPostureTemplateUpgradePermission,
  securityPostureCampaignManagePermission,
  securityPostureEvidenceReadPermission,
];
