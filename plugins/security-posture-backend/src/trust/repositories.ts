import { ANNOTATION_SOURCE_LOCATION, Entity } from '@backstage/catalog-model';

/** The annotation that names a component's repository, per provider. */
const SLUG_ANNOTATIONS = {
  github: 'github.com/project-slug',
  gitlab: 'gitlab.com/project-slug',
} as const;

/** The repository path of a source-location URL, per provider (lower-cased), if it names one. */
function fromSourceUrl(
  provider: 'github' | 'gitlab',
  raw: string,
): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const segments = url.pathname.split('/').filter(Boolean);
  if (provider === 'github') {
    if (!url.hostname.includes('github') || segments.length < 2) {
      return undefined;
    }
    return `${segments[0]}/${segments[1].replace(
      /\.git$/,
      '',
    )}`.toLocaleLowerCase('en-US');
  }
  if (!url.hostname.includes('gitlab')) return undefined;
  // GitLab paths end where its own routes begin (`/-/tree/...`)
  const end = segments.indexOf('-');
  const project = (end >= 0 ? segments.slice(0, end) : segments).join('/');
  return project.includes('/')
    ? project.replace(/\.git$/, '').toLocaleLowerCase('en-US')
    : undefined;
}

/**
 * The repositories of a provider that a catalog entity names: its `github.com/project-slug` or
 * `gitlab.com/project-slug` annotation, and its `backstage.io/source-location`.
 *
 * @internal
 */
export function repositoriesOf(
  entity: Entity,
  provider: 'github' | 'gitlab',
): string[] {
  const annotations = entity.metadata.annotations ?? {};
  const out = new Set<string>();
  const slug = annotations[SLUG_ANNOTATIONS[provider]];
  if (slug) out.add(slug.trim().toLocaleLowerCase('en-US'));
  const source = annotations[ANNOTATION_SOURCE_LOCATION];
  if (source?.startsWith('url:')) {
    const fromUrl = fromSourceUrl(provider, source.slice('url:'.length));
    if (fromUrl) out.add(fromUrl);
  }
  return [...out];
}
