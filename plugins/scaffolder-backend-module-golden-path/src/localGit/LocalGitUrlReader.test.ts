import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPublishGitAction } from '../actions/publishGit';
import { LocalGitUrlReader } from './LocalGitUrlReader';
import { LocalRepositories } from '@golden-path/template-upgrade';

const BASE = 'http://localhost:7007/golden-path-git';

async function published() {
  const base = await fsp.mkdtemp(path.join(os.tmpdir(), 'reader-'));
  const workspacePath = path.join(base, 'ws');
  await fsp.mkdir(path.join(workspacePath, 'k8s'), { recursive: true });
  await fsp.writeFile(
    path.join(workspacePath, 'catalog-info.yaml'),
    'kind: Component\n',
  );
  await fsp.writeFile(path.join(workspacePath, 'k8s', 'a.yaml'), 'a: 1\n');
  const repositories = new LocalRepositories({
    root: path.join(base, 'git'),
    baseUrl: BASE,
  });
  await createPublishGitAction({ repositories }).handler(
    createMockActionContext({ workspacePath, input: { repoName: 'svc' } }),
  );
  return { base, repositories, reader: new LocalGitUrlReader(repositories) };
}

describe('LocalGitUrlReader', () => {
  it('reads committed files, with etags', async () => {
    const { reader } = await published();
    const res = await reader.readUrl(`${BASE}/svc/blob/main/catalog-info.yaml`);
    expect((await res.buffer()).toString()).toBe('kind: Component\n');
    await expect(
      reader.readUrl(`${BASE}/svc/blob/main/catalog-info.yaml`, {
        etag: res.etag,
      }),
    ).rejects.toThrow(expect.objectContaining({ name: 'NotModifiedError' }));
    expect(reader.handles(new URL(`${BASE}/svc/blob/main/x`))).toBe(true);
    expect(reader.handles(new URL('http://localhost:7007/api/catalog'))).toBe(
      false,
    );
  });

  it('searches exact paths and globs', async () => {
    const { reader } = await published();
    const exact = await reader.search(
      `${BASE}/svc/blob/main/catalog-info.yaml`,
    );
    expect(exact.files.map(f => f.url)).toEqual([
      `${BASE}/svc/blob/main/catalog-info.yaml`,
    ]);
    const glob = await reader.search(`${BASE}/svc/blob/main/k8s/*.yaml`);
    expect(glob.files.map(f => f.url)).toEqual([
      `${BASE}/svc/blob/main/k8s/a.yaml`,
    ]);
    expect((await glob.files[0].content()).toString()).toBe('a: 1\n');
    expect(
      (await reader.search(`${BASE}/svc/blob/main/missing.yaml`)).files,
    ).toEqual([]);
  });

  it('answers NotFound for missing repositories, branches and files, and refuses traversal', async () => {
    const { reader, base } = await published();
    await fsp.writeFile(path.join(base, 'outside.txt'), 'secret');
    for (const url of [
      `${BASE}/nope/blob/main/catalog-info.yaml`,
      `${BASE}/svc/blob/dev/catalog-info.yaml`,
      `${BASE}/svc/blob/main/nope.yaml`,
    ]) {
      await expect(reader.readUrl(url)).rejects.toThrow(
        expect.objectContaining({ name: 'NotFoundError' }),
      );
    }
    await expect(
      reader.readUrl(`${BASE}/svc/blob/main/%2E%2E/%2E%2E/outside.txt`),
    ).rejects.toThrow(/not a local repository URL|invalid file path/);
    await expect(
      reader.readUrl(`${BASE}/..%2Fgit/blob/main/x`),
    ).rejects.toThrow(/DNS label/);
    await expect(
      reader.readUrl(`${BASE}/svc/blob/main/k8s/%2E%2E%2F%2E%2E%2Foutside.txt`),
    ).rejects.toThrow(/invalid file path/);
    expect(fs.existsSync(path.join(base, 'outside.txt'))).toBe(true);
  });
});
