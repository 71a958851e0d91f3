export { SecurityAffectedPage, SecurityAffectedContent } from './AffectedPage';
