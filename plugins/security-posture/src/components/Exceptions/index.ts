export { EntityExceptions } from './EntityExceptions';
export { FindingException } from './FindingException';
