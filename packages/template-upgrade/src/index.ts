/**
 * Golden-path template versions and upgrades: stored version content and its digest, exact
 * re-rendering with Backstage's fetch:template, ownership classes, declarative migrations,
 * per-file three-way merges, drift, and upgrade branches in a repository.
 *
 * @packageDocumentation
 */
export * from './answers';
export * from './changelog';
export * from './content';
export * from './digest';
export * from './drift';
export * from './git';
export * from './github';
export * from './gitlab';
export * from './localRepositories';
export * from './merge';
export * from './migrations';
export * from './names';
export * from './ownership';
export * from './plan';
export * from './provenance';
export * from './render';
export { RestRepository } from './restRepository';
export type { RemoteBlob, RestAnswer } from './restRepository';
export { UPGRADE_AUTHOR, upgradeBranch, upgradeRepository } from './upgrade';
export type { UpgradeOptions, UpgradeResult, UpgradeState } from './upgrade';
