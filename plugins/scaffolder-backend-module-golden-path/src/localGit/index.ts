export { LocalRepositories } from '@golden-path/template-upgrade';
export { LocalGitUrlReader } from './LocalGitUrlReader';
export type { TreeFromFiles } from './LocalGitUrlReader';
export { goldenPathLocalGitUrlReader } from './localGitUrlReaderServiceFactory';
