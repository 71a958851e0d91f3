export { securityPostureApiRef } from './securityPostureApiRef';
