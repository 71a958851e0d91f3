import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The owner group of the benchmark components. */
const BENCH_GROUP = 'bench-team';

/**
 * Writes a catalog file with the benchmark components and their owner group to a temp dir and
 * returns its path and directory (for cleanup).
 */
export async function writeCatalogFile(
  components: string[],
): Promise<{ file: string; directory: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'golden-path-bench-catalog-'));
  const docs = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: BENCH_GROUP,
        description: 'Owner of the benchmark components',
      },
      spec: { type: 'team', children: [] },
    },
    ...components.map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        description: 'A component measured by the security-posture benchmark',
        annotations: { 'golden-path.dev/security-tier': '2' },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `group:${BENCH_GROUP}`,
      },
    })),
  ];
  const file = join(directory, 'catalog-info.yaml');
  await writeFile(file, docs.map(d => stringify(d)).join('---\n'));
  return { file, directory };
}
