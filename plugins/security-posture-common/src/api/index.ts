export * from './SecurityPostureClient';
export * from './types';
export * from './exceptions';
export * from './templates';
export { SecurityPostureApiClient } from '../schema/client.generated';
