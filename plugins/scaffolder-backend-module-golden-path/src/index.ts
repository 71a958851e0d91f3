/**
 * The golden-path module for @backstage/plugin-scaffolder-backend: actions that validate the
 * answers, scan the rendered workspace for secrets, check it against the golden-path policies,
 * record its provenance, publish it and enroll it in the posture backend.
 *
 * @packageDocumentation
 */

export { scaffolderModule as default } from './module';
export * from './actions';
export { readGoldenPathScaffolderConfig } from './config';
export type { GoldenPathScaffolderConfig } from './config';
export * from './localGit';
