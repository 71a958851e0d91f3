/**
 * Node.js library for the security-posture plugin: extension points for more report parsers and
 * pull-based finding providers, and a service for other backend plugins to read posture.
 *
 * @packageDocumentation
 */

export type { ReportParser } from './parsers';
export * from './extensions';
export type { FindingProvider, PulledReport } from './providers';
export { securityPostureServiceRef } from './service';
export type { SecurityPostureService } from './service';
