import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  LocalGitRepository,
  LocalRepositories,
  UpgradeRepository,
} from '@golden-path/template-upgrade';

/** A repository an upgrade can write to, with its default branch. @internal */
export interface UpgradeTarget {
  repository: UpgradeRepository;
  defaultBranch: string;
}

/** A repository a provider serves for a source URL (GitHub or GitLab, through Backstage's integrations). @internal */
export type RemoteRepositoryFn = (
  url: string,
) => Promise<UpgradeTarget | undefined>;

/**
 * Which repository a component's upgrade writes to: one of the backend's local repositories, or
 * one a configured provider serves for the component's source location.
 *
 * @internal
 */
export class UpgradeTargets {
  constructor(
    private readonly options: {
      repositories?: LocalRepositories;
      remoteRepository?: RemoteRepositoryFn;
    },
  ) {}

  get localRepositories(): LocalRepositories | undefined {
    return this.options.repositories;
  }

  /** The local repository a component's catalog entity comes from, if any. */
  localRepositoryOf(entity: Entity): LocalGitRepository | undefined {
    const repositories = this.options.repositories;
    if (!repositories) return undefined;
    for (const key of [ANNOTATION_SOURCE_LOCATION, ANNOTATION_LOCATION]) {
      const value = entity.metadata.annotations?.[key];
      if (!value?.startsWith('url:')) continue;
      try {
        // the repository is named by the path under the local repositories' base path; the
        // host is not compared, so catalog files stay valid when the backend's port changes
        const url = new URL(value.slice('url:'.length));
        const base = new URL(`${repositories.baseUrl}/`);
        if (!url.pathname.startsWith(base.pathname)) continue;
        const parsed = repositories.parseUrl(
          new URL(url.pathname, base.origin).toString(),
        );
        if (parsed) {
          return new LocalGitRepository(
            repositories.gitdir(parsed.repo),
            parsed.repo,
          );
        }
      } catch {
        // not one of ours
      }
    }
    return undefined;
  }

  /** The repository an upgrade of the component writes to, if any. */
  async targetOf(entity: Entity): Promise<UpgradeTarget | undefined> {
    const local = this.localRepositoryOf(entity);
    if (local) return { repository: local, defaultBranch: 'main' };
    const source =
      entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION] ?? '';
    if (!source.startsWith('url:') || !this.options.remoteRepository) {
      return undefined;
    }
    return this.options.remoteRepository(source.slice('url:'.length));
  }
}
