export * from './SecurityPostureClient';
export * from './types';
export * from './exceptions';
export { SecurityPostureApiClient } from '../schema/client.generated';
