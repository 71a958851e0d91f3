export * from './SecurityPostureClient';
export * from './types';
