export * from './SecurityPostureClient';
export * from './types';
export { SecurityPostureApiClient } from '../schema/client.generated';
