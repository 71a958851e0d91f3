/**
 * Node.js library for the security-posture plugin.
 *
 * @packageDocumentation
 */

export type { ReportParser } from './parsers';
export * from './extensions';
export type { FindingProvider, PulledReport } from './providers';
