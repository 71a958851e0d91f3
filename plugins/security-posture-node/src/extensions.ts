import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ReportParser } from './parsers';
import { FindingProvider } from './providers';

/**
 * Extension point of the security-posture backend: more report formats.
 *
 * A module adds a parser for a scanner the suite does not know yet; its `format` can then be
 * passed as `format=` on upload, and its `detect` takes part in auto-detection after the
 * built-in formats.
 *
 * @public
 */
export interface SecurityPostureParsersExtensionPoint {
  /** Adds parsers; a format already known (built-in or added) is refused at start-up. */
  addParser(...parsers: ReportParser[]): void;
}

/**
 * The {@link SecurityPostureParsersExtensionPoint}.
 *
 * @public
 */
export const securityPostureParsersExtensionPoint =
  createExtensionPoint<SecurityPostureParsersExtensionPoint>({
    id: 'security-posture.parsers',
  });

/**
 * Extension point of the security-posture backend: pull-based finding providers.
 *
 * @public
 */
export interface SecurityPostureProvidersExtensionPoint {
  /** Adds providers; each gets its own scheduled task. */
  addProvider(...providers: FindingProvider[]): void;
}

/**
 * The {@link SecurityPostureProvidersExtensionPoint}.
 *
 * @public
 */
export const securityPostureProvidersExtensionPoint =
  createExtensionPoint<SecurityPostureProvidersExtensionPoint>({
    id: 'security-posture.providers',
  });
