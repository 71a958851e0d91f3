/**
 * The Golden Path Security policy engine: CEL policies over a rendered workspace or a
 * component's posture, shared by the backend, the scaffolder actions and the CLI.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './controls';
export * from './schema';
export * from './format';
export * from './builtin';
export * from './cel';
export * from './load';
export * from './evaluate';
export * from './parsers';
export * from './workspace';
