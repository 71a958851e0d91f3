export { securityPosturePlugin as default } from './plugin';
