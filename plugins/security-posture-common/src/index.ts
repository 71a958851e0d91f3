/**
 * Common functionalities for the security-posture plugin.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './api';
export * from './findings';
export * from './permissions';
