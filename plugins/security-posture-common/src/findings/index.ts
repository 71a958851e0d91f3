export * from './types';
export * from './severity';
