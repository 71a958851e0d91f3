import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The security scorecard page (legacy frontend system).
 *
 * @public
 */
export const scorecardRouteRef = createRouteRef({
  id: 'security-posture:scorecard',
});

/**
 * The Security tab of a component (legacy frontend system).
 *
 * @public
 */
export const entityContentRouteRef = createRouteRef({
  id: 'security-posture:entity-content',
});

/**
 * The golden-path templates page (legacy frontend system).
 *
 * @public
 */
export const templatesRouteRef = createRouteRef({
  id: 'security-posture:templates',
});

/**
 * The Dependencies tab of a component (legacy frontend system).
 *
 * @public
 */
export const dependenciesRouteRef = createRouteRef({
  id: 'security-posture:dependencies',
});

/**
 * The zero-day page, "Who is affected?" (legacy frontend system).
 *
 * @public
 */
export const affectedRouteRef = createRouteRef({
  id: 'security-posture:affected',
});

/**
 * The campaigns page (legacy frontend system).
 *
 * @public
 */
export const campaignsRouteRef = createRouteRef({
  id: 'security-posture:campaigns',
});

/**
 * The compliance evidence page (legacy frontend system).
 *
 * @public
 */
export const evidenceRouteRef = createRouteRef({
  id: 'security-posture:evidence',
});
