import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { ANNOTATION_LOCATION, Entity } from '@backstage/catalog-model';
import {
  FileTree,
  MAX_TEMPLATE_BYTES,
  readTemplateDirectory,
  TEMPLATE_VERSION_ANNOTATION,
  templateVersionFromFiles,
} from '@golden-path/template-upgrade';
import fs from 'node:fs/promises';
import path from 'node:path';
import { refOf } from '../lib/refs';
import { isUnderLocalRoots } from './localRoots';
import { TemplateVersionStore } from './TemplateVersionStore';

/**
 * Where published template versions come from: the catalog's template entities (from disk for
 * `file:` locations under a local root, through the UrlReader for `url:` locations) and archive
 * folders of versions published before the backend kept them.
 *
 * @internal
 */
export class PublishedVersions {
  constructor(
    private readonly options: {
      versions: TemplateVersionStore;
      logger: LoggerService;
      localRoots: string[];
      /** Reads templates at `url:` locations. */
      urlReader?: UrlReaderService;
    },
  ) {}

  /** Records the versions of every template directory directly under `dir` (an archive). */
  async importArchive(dir: string): Promise<number> {
    let count = 0;
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const templateDir = path.join(dir, entry.name);
      try {
        // the template's own ref, from its template.yaml
        const version = await readTemplateDirectory(undefined, templateDir);
        if (
          (await this.options.versions.record(version, 'archive')) ===
          'recorded'
        ) {
          count += 1;
        }
      } catch (error) {
        this.options.logger.warn(
          `security-posture: could not import the template version in ${templateDir}: ${error}`,
        );
      }
    }
    return count;
  }

  /**
   * Records a catalog template's current version: from disk for `file:` locations under a local
   * root, through the UrlReader (its allow list applies) for `url:` locations. A version already
   * stored is not read again.
   */
  async recordFromCatalog(entity: Entity): Promise<void> {
    const { versions, localRoots, urlReader } = this.options;
    const ref = refOf(entity);
    const version = entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
    if (!version || (await versions.has(ref, version))) return;
    const location = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
    try {
      if (location.startsWith('file:')) {
        const dir = path.dirname(path.resolve(location.slice('file:'.length)));
        if (!isUnderLocalRoots(localRoots, dir)) return;
        await versions.record(await readTemplateDirectory(ref, dir), 'catalog');
      } else if (location.startsWith('url:') && urlReader) {
        const dirUrl = new URL('./', location.slice('url:'.length)).toString();
        const tree = await urlReader.readTree(dirUrl);
        const files: FileTree = new Map();
        let size = 0;
        for (const file of await tree.files()) {
          const content = await file.content();
          size += content.length;
          if (size > MAX_TEMPLATE_BYTES) break;
          files.set(file.path.split(path.sep).join('/'), content);
        }
        await versions.record(templateVersionFromFiles(ref, files), 'catalog');
      }
    } catch (error) {
      this.options.logger.warn(
        `security-posture: could not record ${ref} ${version}: ${error}`,
      );
    }
  }
}
