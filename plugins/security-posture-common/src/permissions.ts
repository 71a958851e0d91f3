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
 * Enroll a component (the scaffolder does it with its own service credentials).
 *
 * @public
 */
export const securityPostureEnrollPermission = createPermission({
  name: 'security-posture.component.enroll',
  attributes: { action: 'update' },
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
 * Every permission of the security-posture plugin.
 *
 * @public
 */
export const securityPosturePermissions = [
  securityPostureReadPermission,
  securityPostureReportUploadPermission,
  securityPostureEnrollPermission,
  securityPostureScorecardReadPermission,
];
