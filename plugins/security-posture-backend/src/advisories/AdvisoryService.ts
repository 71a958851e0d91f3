import {
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import { AdvisoryMatcher } from './AdvisoryMatcher';
import { AdvisoryStore } from './AdvisoryStore';
import { Advisory, AdvisoryPackage } from './osv';
import { MAX_EXPORT_BYTES, exportAdvisories } from './osvExport';

/** The shipped advisories: real OSV records covering the demo's packages (data/README.md). */
function seedFile(): string {
  return path.join(
    resolvePackagePath('@golden-path/plugin-security-posture-backend', 'data'),
    'advisories',
    'osv-seed.json',
  );
}

async function download(url: string, signal?: AbortSignal): Promise<Buffer> {
  const response = await fetch(url, { signal });
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > MAX_EXPORT_BYTES) {
    throw new Error(`${url} is larger than ${MAX_EXPORT_BYTES} bytes`);
  }
  return body;
}

/**
 * The advisory refresh (scheduled once across replicas): the shipped seed and every configured
 * OSV export stored (only advisories new or with another `modified` time are written), then the
 * components the written advisories concern matched again. A source that fails keeps what it
 * wrote before; the failure is logged.
 *
 * @internal
 */
export class AdvisoryService {
  constructor(
    private readonly options: {
      store: AdvisoryStore;
      matcher: AdvisoryMatcher;
      sources: { url: string }[];
      seed: boolean;
      logger: LoggerService;
      /** The seed file (default: the package's `data/advisories/osv-seed.json`). */
      seedFile?: string;
      now?: () => Date;
    },
  ) {}

  async refresh(
    signal?: AbortSignal,
  ): Promise<{ changed: string[]; components: number }> {
    const { store, matcher, logger } = this.options;
    const now = (this.options.now?.() ?? new Date()).toISOString();
    const changed = new Set<string>();
    const before: AdvisoryPackage[] = [];
    const keep = async (advisories: Advisory[], source: string) => {
      const written = await store.write(advisories, source, now);
      written.changed.forEach(id => changed.add(id));
      before.push(...written.packagesBefore);
    };
    if (this.options.seed) {
      const file = this.options.seedFile ?? seedFile();
      await keep(await exportAdvisories(fs.readFileSync(file)), 'seed');
    }
    for (const { url } of this.options.sources) {
      try {
        await keep(await exportAdvisories(await download(url, signal)), url);
      } catch (error) {
        logger.warn(
          `security-posture: advisory source ${url} failed, keeping its advisories as they are: ${error}`,
        );
      }
    }
    const ids = [...changed].sort();
    const matched = ids.length
      ? await matcher.matchChanged(ids, before)
      : { components: 0 };
    logger.info(
      `security-posture: advisory refresh: ${ids.length} new or changed advisories, ${matched.components} components matched`,
    );
    return { changed: ids, components: matched.components };
  }
}
