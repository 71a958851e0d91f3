export { LocalRepositories } from './localRepositories';
export { LocalGitUrlReader } from './LocalGitUrlReader';
export type { TreeFromFiles } from './LocalGitUrlReader';
export { goldenPathLocalGitUrlReader } from './localGitUrlReaderServiceFactory';
