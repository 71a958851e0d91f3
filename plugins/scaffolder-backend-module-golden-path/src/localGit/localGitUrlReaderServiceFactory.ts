import { createServiceFactory } from '@backstage/backend-plugin-api';
// backend-defaults is installed in the workspace but not yet declared by this package; see the
// README (the integrator adds it to package.json).
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { Readable } from 'node:stream';
import { readGoldenPathScaffolderConfig } from '../config';
import { LocalGitUrlReader } from './LocalGitUrlReader';
import { LocalRepositories } from '@golden-path/template-upgrade';

/**
 * Adds {@link LocalGitUrlReader} to every plugin's UrlReader, so the catalog can read the
 * repositories published by `goldenpath:publish:git`:
 * `backend.add(goldenPathLocalGitUrlReader)`.
 *
 * @public
 */
export const goldenPathLocalGitUrlReader = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return ({ config, treeResponseFactory }) => {
      const settings = readGoldenPathScaffolderConfig(config);
      const repositories = new LocalRepositories({
        root: settings.localGitRoot,
        baseUrl: settings.localGitBaseUrl,
      });
      const reader = new LocalGitUrlReader(repositories, files =>
        treeResponseFactory.fromReadableArray(
          files.map(f => ({ path: f.path, data: Readable.from(f.data) })),
        ),
      );
      return [{ reader, predicate: (url: URL) => reader.handles(url) }];
    };
  },
});
