import { ANNOTATION_LOCATION, Entity } from '@backstage/catalog-model';
import {
  LocalGitRepository,
  LocalRepositories,
  UpgradeRepository,
} from '@golden-path/template-upgrade';

/** A repository an upgrade can write to, with its default branch. @internal */
interface UpgradeTarget {
  repository: UpgradeRepository;
  defaultBranch: string;
}

/** Where a component's upgrade may write, or why it may not. @internal */
export type TargetResolution =
  | { target: UpgradeTarget; refused?: undefined }
  | { target?: undefined; refused: string };

/** A repository a provider serves for a location URL (GitHub or GitLab, through Backstage's integrations). @internal */
export type RemoteRepositoryFn = (
  url: string,
) => Promise<UpgradeTarget | undefined>;

const ALLOW_LIST_KEY = 'securityPosture.templates.upgrades.allowedRepositories';

/**
 * An allow-list entry (`host` or `host/owner[/subgroup...]`) as host and path segments,
 * lower-cased (GitHub and GitLab compare names case-insensitively).
 */
function parseAllowed(entry: string): { host: string; path: string[] } {
  const [host, ...path] = entry
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '')
    .toLocaleLowerCase('en-US')
    .split('/');
  return { host, path };
}

/**
 * Which repository a component's upgrade writes to. A catalog entity's own annotations are claims
 * anyone who registers a location can make, so only the location the catalog itself read the
 * entity from counts (`backstage.io/managed-by-location`), and only on the backend's local
 * repositories or on a host and organisation of the allow-list. The repository's provenance must
 * then name the component (checked by the upgrade before anything is written).
 *
 * @internal
 */
export class UpgradeTargets {
  private readonly allowed: { host: string; path: string[] }[];

  constructor(
    private readonly options: {
      repositories?: LocalRepositories;
      remoteRepository?: RemoteRepositoryFn;
      /** `host` or `host/owner` entries an upgrade may write to (besides the local repositories). */
      allowedRepositories?: string[];
    },
  ) {
    this.allowed = (options.allowedRepositories ?? [])
      .filter(e => e.trim() !== '')
      .map(parseAllowed);
  }

  get localRepositories(): LocalRepositories | undefined {
    return this.options.repositories;
  }

  /** The URL of the catalog location the entity was read from, when it is a URL location. */
  private locationUrl(entity: Entity): URL | string {
    const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
    if (!location) {
      return `it has no ${ANNOTATION_LOCATION} annotation`;
    }
    if (!location.startsWith('url:')) {
      return `it is read from ${location}, not from a repository (${ANNOTATION_LOCATION} must be a url: location)`;
    }
    try {
      return new URL(location.slice('url:'.length));
    } catch {
      return `its ${ANNOTATION_LOCATION} is not a URL`;
    }
  }

  /** The host of the repository an upgrade would write to (`none` when there is none). */
  hostOf(entity: Entity): string {
    const url = this.locationUrl(entity);
    return typeof url === 'string'
      ? 'none'
      : url.host.toLocaleLowerCase('en-US');
  }

  /** The local repository the catalog read the component from, if any. */
  localRepositoryOf(entity: Entity): LocalGitRepository | undefined {
    const url = this.locationUrl(entity);
    if (typeof url === 'string') return undefined;
    try {
      return this.localAt(url);
    } catch {
      return undefined; // a malformed path under the local repositories
    }
  }

  private localAt(url: URL): LocalGitRepository | undefined {
    const repositories = this.options.repositories;
    if (!repositories) return undefined;
    const parsed = repositories.parseUrl(url.toString());
    return parsed
      ? new LocalGitRepository(repositories.gitdir(parsed.repo), parsed.repo)
      : undefined;
  }

  private isAllowed(url: URL): boolean {
    const host = url.host.toLocaleLowerCase('en-US');
    const segments = url.pathname
      .split('/')
      .filter(Boolean)
      .map(s => decodeURIComponent(s).toLocaleLowerCase('en-US'));
    return this.allowed.some(
      a => a.host === host && a.path.every((p, i) => segments[i] === p),
    );
  }

  /** The repository an upgrade of the component writes to, or why there is none. */
  async resolve(entity: Entity): Promise<TargetResolution> {
    const url = this.locationUrl(entity);
    if (typeof url === 'string') {
      return {
        refused: `upgrades write only where the catalog read the component from, and ${url}`,
      };
    }
    let local: LocalGitRepository | undefined;
    try {
      local = this.localAt(url);
    } catch (error) {
      return {
        refused: `its location ${url} is refused: ${(error as Error).message}`,
      };
    }
    if (local) return { target: { repository: local, defaultBranch: 'main' } };
    if (!this.isAllowed(url)) {
      return {
        refused: `its location ${url} is on a host or organisation that is not allowed (${ALLOW_LIST_KEY}: ${
          this.options.allowedRepositories?.join(', ') || 'none'
        })`,
      };
    }
    const remote = await this.options.remoteRepository?.(url.toString());
    return remote
      ? { target: remote }
      : {
          refused: `its location ${url} is not a GitHub or GitLab repository that Backstage's integrations give credentials for`,
        };
  }
}
