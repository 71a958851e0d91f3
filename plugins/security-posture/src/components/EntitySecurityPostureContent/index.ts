export { EntitySecurityPostureContent } from './EntitySecurityPostureContent';
export type { EntitySecurityPostureContentProps } from './EntitySecurityPostureContent';
