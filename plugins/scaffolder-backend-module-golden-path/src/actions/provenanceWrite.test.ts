import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import yaml from 'yaml';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createProvenanceWriteAction,
  PROVENANCE_PATH,
} from './provenanceWrite';
import { writeTemplateFixture } from '../testUtils/templateFixture';
import { captureLogger } from '../testUtils/captureLogger';

const skeleton = {
  Dockerfile: 'FROM scratch\n',
  'src/app.js': 'x\n',
  '.github/workflows/ci.yaml': 'on: push\n',
};

/** The digest computed independently: sha256 over "<path>\0<sha256>\n" of the sorted files. */
function expectedDigest(files: Record<string, string>) {
  const sha = (s: string) =>
    crypto.createHash('sha256').update(s).digest('hex');
  const lines = Object.keys(files)
    .sort()
    .map(p => `${p}\0${sha(files[p])}\n`)
    .join('');
  return `sha256:${sha(lines)}`;
}

async function workspaceWith(files: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'provenance-'));
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), content);
  }
  return dir;
}

describe('goldenpath:provenance:write', () => {
  it('writes template ref, version, digest, non-secret answers and ownership classes', async () => {
    const template = await writeTemplateFixture({
      skeleton,
      ownership:
        'files:\n  - path: .github/**\n    class: managed\n  - path: Dockerfile\n    class: merged\n',
      templateYaml: [
        'apiVersion: scaffolder.backstage.io/v1beta3',
        'kind: Template',
        'metadata: { name: t }',
        'spec:',
        '  parameters:',
        '    - properties:',
        '        name: { type: string }',
        '        deployKey: { type: string, ui:field: Secret }',
        '    - properties:',
        '        registryPassword: { type: string }',
        '        tier: { type: number }',
      ].join('\n'),
    });
    const workspacePath = await workspaceWith({
      ...skeleton,
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: Svc\n  namespace: payments\n',
    });
    const log = captureLogger();
    const ctx = createMockActionContext({
      workspacePath,
      templateInfo: template.templateInfo,
      logger: log.logger,
      input: {
        answers: {
          name: 'svc',
          tier: 2,
          deployKey: 'k3y-value',
          registryPassword: 'p4ss-value',
        },
      },
    });
    await createProvenanceWriteAction().handler(ctx);
    const written = yaml.parse(
      await fs.readFile(path.join(workspacePath, PROVENANCE_PATH), 'utf8'),
    );
    expect(written).toEqual({
      apiVersion: 'golden-path.dev/v1',
      kind: 'Provenance',
      template: {
        ref: 'template:default/t',
        version: '1.2.3',
        contentDigest: expectedDigest(skeleton),
        skeleton: './skeleton',
      },
      component: 'component:payments/svc',
      answers: { name: 'svc', tier: 2 },
      files: [
        { path: '.github/workflows/ci.yaml', ownership: 'managed' },
        { path: PROVENANCE_PATH, ownership: 'managed' },
        { path: 'Dockerfile', ownership: 'merged' },
        { path: 'catalog-info.yaml', ownership: 'seeded' },
        { path: 'src/app.js', ownership: 'seeded' },
      ],
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'contentDigest',
      expectedDigest(skeleton),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'component',
      'component:payments/svc',
    );
    expect(log.text()).not.toMatch(
      /k3y-value|p4ss-value|deployKey|registryPassword/,
    );
  });

  it('is deterministic and changes with the skeleton', async () => {
    const a = await writeTemplateFixture({ skeleton });
    const b = await writeTemplateFixture({
      skeleton: { ...skeleton, 'src/app.js': 'y\n' },
    });
    const digests: string[] = [];
    for (const t of [a, a, b]) {
      const ctx = createMockActionContext({
        workspacePath: await workspaceWith({}),
        templateInfo: t.templateInfo,
        input: { answers: {}, component: 'svc' },
      });
      await createProvenanceWriteAction().handler(ctx);
      digests.push(
        (ctx.output as jest.Mock).mock.calls.find(
          c => c[0] === 'contentDigest',
        )[1],
      );
    }
    expect(digests[0]).toBe(digests[1]);
    expect(digests[2]).not.toBe(digests[0]);
  });

  it('records the component given, or refuses to guess it', async () => {
    const template = await writeTemplateFixture({ skeleton });
    const write = async (files: Record<string, string>, component?: string) => {
      const workspacePath = await workspaceWith(files);
      await createProvenanceWriteAction().handler(
        createMockActionContext({
          workspacePath,
          templateInfo: template.templateInfo,
          input: { answers: {}, ...(component ? { component } : {}) },
        }),
      );
      return yaml.parse(
        await fs.readFile(path.join(workspacePath, PROVENANCE_PATH), 'utf8'),
      ).component;
    };
    // an explicit ref wins over the workspace's entity, and is normalised
    await expect(
      write(
        { 'catalog-info.yaml': 'kind: Component\nmetadata: { name: a }\n' },
        'Component:Team/B',
      ),
    ).resolves.toBe('component:team/b');
    await expect(write({}, 'default/c')).resolves.toBe('component:default/c');
    await expect(write({})).rejects.toThrow(
      'the workspace has no catalog-info.yaml to take the component from; give the component input',
    );
    await expect(write({ 'catalog-info.yaml': 'x: 1\n' })).rejects.toThrow(
      "the workspace's catalog-info.yaml names no kind and metadata.name",
    );
    await expect(write({ 'catalog-info.yaml': 'a: [\n' })).rejects.toThrow(
      "the workspace's catalog-info.yaml is not valid YAML",
    );
    await expect(write({}, 'kind:')).rejects.toThrow(
      "component 'kind:' is not an entity ref",
    );
  });

  it('refuses symlinks in the skeleton, traversal in inputs, prototype keys and missing versions', async () => {
    const template = await writeTemplateFixture({ skeleton });
    await fs.symlink(
      '/etc/passwd',
      path.join(template.dir, 'skeleton', 'passwd'),
    );
    const run = (
      input: object,
      templateInfo: {
        entityRef: string;
        baseUrl?: string;
        entity?: { metadata: { name: string } };
      } = template.templateInfo,
    ) =>
      createProvenanceWriteAction().handler(
        createMockActionContext({
          templateInfo,
          input: { answers: {}, ...input } as never,
        }),
      );
    await expect(run({})).rejects.toThrow(/symbolic links.*passwd/);
    await expect(run({ skeleton: '../../etc' })).rejects.toThrow(
      /must not leave/,
    );
    await expect(run({ ownership: '/etc/passwd' })).rejects.toThrow(/absolute/);
    const clean = await writeTemplateFixture({ skeleton });
    await expect(
      run(
        { answers: JSON.parse('{"__proto__": {"polluted": true}}') },
        clean.templateInfo,
      ),
    ).rejects.toThrow(/answer name '__proto__' is refused/);
    await expect(
      run({}, { ...clean.templateInfo, entity: { metadata: { name: 't' } } }),
    ).rejects.toThrow(/template-version/);
  });
});
