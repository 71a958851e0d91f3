export { EntitySecurityPostureCard } from './EntitySecurityPostureCard';
export type { EntitySecurityPostureCardProps } from './EntitySecurityPostureCard';
