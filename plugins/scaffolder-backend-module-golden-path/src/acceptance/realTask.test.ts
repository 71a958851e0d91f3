import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import git from 'isomorphic-git';
import yaml from 'yaml';
import scaffolderGoldenPathModule from '..';
import { findMonorepoRoot } from '../config';
import { LocalGitUrlReader } from '../localGit/LocalGitUrlReader';
import { LocalRepositories } from '@golden-path/template-upgrade';

jest.setTimeout(120_000);

const TEMPLATES_DIR = path.join(findMonorepoRoot(), 'templates');

/** The version a template declares (its golden-path.dev/template-version annotation). */
function declaredVersion(template: string): string {
  const text = fs.readFileSync(
    path.join(TEMPLATES_DIR, template, 'template.yaml'),
    'utf8',
  );
  return /golden-path\.dev\/template-version: (\S+)/.exec(text)![1];
}
const BASE_URL = 'http://localhost:7007/golden-path-git';
const SECRET = 'gp-test-secret-7f3a9c1e5b2d';
// A GitHub personal access token shape (fake), assembled so that it is not in this file whole.
const LEAKED_TOKEN = `ghp_${'Zq8Wm2Xr5Tn9Kv3Lp7Hd'}${'4Fs6Jc1Bg0Ny'}${'Ae2U'}`;

type Req = { method?: string; url?: string; on: Function };
type Res = { status(code: number): { json(body: unknown): void } };

function readBody(req: Req): Promise<string> {
  return new Promise(resolve => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => resolve(body));
  });
}

/**
 * Stand-ins for the catalog and the security-posture plugins, served over HTTP inside the test
 * backend: the catalog serves the templates and registers locations by reading them through
 * the LocalGitUrlReader; the posture plugin records enrollments.
 */
function fakePlugins(
  reader: LocalGitUrlReader,
  templateDirs: Record<string, string>,
) {
  const registered: string[] = [];
  const enrolled: unknown[] = [];
  const catalog = createBackendPlugin({
    pluginId: 'catalog',
    register(env) {
      env.registerInit({
        deps: { http: coreServices.httpRouter },
        async init({ http }) {
          http.use(async (req: Req, res: Res) => {
            const url = new URL(req.url ?? '/', 'http://x');
            const byName =
              /^\/entities\/by-name\/template\/default\/([a-z-]+)$/.exec(
                url.pathname,
              );
            if (req.method === 'GET' && byName) {
              const file = path.join(
                templateDirs[byName[1]] ?? path.join(TEMPLATES_DIR, byName[1]),
                'template.yaml',
              );
              if (!fs.existsSync(file))
                return res.status(404).json({
                  error: { name: 'NotFoundError', message: 'no template' },
                });
              const entity = yaml.parse(await fsp.readFile(file, 'utf8'));
              entity.metadata.name = byName[1];
              entity.metadata.namespace = 'default';
              entity.metadata.annotations[
                'backstage.io/managed-by-location'
              ] = `file:${file}`;
              return res.status(200).json(entity);
            }
            if (req.method === 'POST' && url.pathname === '/locations') {
              const { type, target } = JSON.parse(await readBody(req));
              const entity = yaml.parse(
                (await (await reader.readUrl(target)).buffer()).toString(),
              );
              entity.metadata.namespace ??= 'default';
              if (url.searchParams.get('dryRun') !== 'true')
                registered.push(target);
              return res.status(201).json({
                location: { id: 'loc-1', type, target },
                entities: [entity],
              });
            }
            return res
              .status(404)
              .json({ error: { name: 'NotFoundError', message: req.url } });
          });
        },
      });
    },
  });
  const posture = createBackendPlugin({
    pluginId: 'security-posture',
    register(env) {
      env.registerInit({
        deps: { http: coreServices.httpRouter },
        async init({ http }) {
          http.use(async (req: Req, res: Res) => {
            if (req.method === 'POST' && req.url === '/v1/components') {
              enrolled.push(JSON.parse(await readBody(req)));
              return res.status(201).json({});
            }
            return res.status(404).json({});
          });
        },
      });
    },
  });
  return { catalog, posture, registered, enrolled };
}

describe('a real scaffolder task of each golden-path template', () => {
  let server: Server;
  let stop: () => Promise<void>;
  let gitRoot: string;
  let fakes: ReturnType<typeof fakePlugins>;

  beforeAll(async () => {
    gitRoot = await fsp.mkdtemp(path.join(os.tmpdir(), 'real-task-git-'));
    const repositories = new LocalRepositories({
      root: gitRoot,
      baseUrl: BASE_URL,
    });
    // A copy of node-service whose skeleton carries a leaked token.
    const leaky = await fsp.mkdtemp(path.join(os.tmpdir(), 'leaky-service-'));
    await fsp.cp(path.join(TEMPLATES_DIR, 'node-service'), leaky, {
      recursive: true,
    });
    await fsp.mkdir(path.join(leaky, 'skeleton', 'config'));
    await fsp.writeFile(
      path.join(leaky, 'skeleton', 'config', 'app.env'),
      `# settings\nGITHUB_TOKEN=${LEAKED_TOKEN}\n`,
    );
    // A copy of node-service whose skeleton links to a file outside it.
    const linked = await fsp.mkdtemp(path.join(os.tmpdir(), 'linked-service-'));
    await fsp.cp(path.join(TEMPLATES_DIR, 'node-service'), linked, {
      recursive: true,
    });
    await fsp.symlink(
      '/etc/hostname',
      path.join(linked, 'skeleton', 'hostname'),
    );
    fakes = fakePlugins(new LocalGitUrlReader(repositories), {
      'leaky-service': leaky,
      'linked-service': linked,
    });
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderGoldenPathModule,
        fakes.catalog,
        fakes.posture,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            goldenPath: {
              scaffolder: { localGitRoot: gitRoot, localGitBaseUrl: BASE_URL },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(() => stop());

  async function api(method: string, route: string, body?: unknown) {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(
      `http://127.0.0.1:${port}/api/scaffolder${route}`,
      {
        method,
        headers: {
          'content-type': 'application/json',
          authorization: mockCredentials.service.header(),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
    );
    return { status: response.status, body: await response.json() };
  }

  async function runTask(template: string, values: Record<string, unknown>) {
    const created = await api('POST', '/v2/tasks', {
      templateRef: `template:default/${template}`,
      values,
      secrets: { npmToken: SECRET },
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 600; i++) {
      const task = await api('GET', `/v2/tasks/${created.body.id}`);
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await api('GET', `/v2/tasks/${created.body.id}/events`);
        return { task: task.body, log: JSON.stringify(events.body) };
      }
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error('the task did not finish');
  }

  it.each(['node-service', 'python-service', 'go-service'])(
    '%s: publishes, registers and enrolls the component, logging no secret',
    async template => {
      const name = `${template.split('-')[0]}-payments`;
      const { task, log } = await runTask(template, {
        name,
        owner: 'group:default/payments',
        system: 'system:default/payments',
        tier: 2,
        lifecycle: 'experimental',
        description: 'A service.',
      });
      expect({
        status: task.status,
        log: task.status === 'completed' ? '' : log,
      }).toEqual({
        status: 'completed',
        log: '',
      });
      const gitdir = path.join(gitRoot, `${name}.git`);
      const head = await git.resolveRef({ fs, gitdir, ref: 'refs/heads/main' });
      const files = await git.listFiles({ fs, gitdir, ref: head });
      expect(files).toEqual(
        expect.arrayContaining([
          'Dockerfile',
          'catalog-info.yaml',
          '.golden-path/provenance.yaml',
        ]),
      );
      expect(fakes.registered).toContain(
        `${BASE_URL}/${name}/blob/main/catalog-info.yaml`,
      );
      expect(fakes.enrolled).toContainEqual({
        entityRef: `component:default/${name}`,
        tier: 2,
        lifecycle: 'experimental',
        expectedScanners: ['secret', 'sca', 'sast'],
        template: {
          ref: `template:default/${template}`,
          version: declaredVersion(template),
        },
      });
      const { blob } = await git.readBlob({
        fs,
        gitdir,
        oid: head,
        filepath: '.golden-path/provenance.yaml',
      });
      const provenance = yaml.parse(Buffer.from(blob).toString());
      expect(provenance.template).toMatchObject({
        ref: `template:default/${template}`,
        version: declaredVersion(template),
      });
      const everything = `${log}\n${JSON.stringify(task)}`;
      expect(everything).not.toContain(SECRET);
      expect(everything).not.toContain(Buffer.from(SECRET).toString('base64'));
    },
  );

  it('fails a task with a template expression in the description and publishes nothing', async () => {
    const before = {
      registered: fakes.registered.length,
      enrolled: fakes.enrolled.length,
    };
    const { task, log } = await runTask('node-service', {
      name: 'evil-service',
      owner: 'group:default/payments',
      system: 'system:default/payments',
      tier: 3,
      lifecycle: 'experimental',
      description: '${{ secrets.npmToken }}',
    });
    expect(task.status).toBe('failed');
    expect(log).toMatch(/description contains a template expression/);
    expect(fs.existsSync(path.join(gitRoot, 'evil-service.git'))).toBe(false);
    expect({
      registered: fakes.registered.length,
      enrolled: fakes.enrolled.length,
    }).toEqual(before);
    expect(log).not.toContain(SECRET);
  });

  it('fails a task whose rendered files hold a secret, naming file:line and rule but never the secret', async () => {
    const before = {
      registered: fakes.registered.length,
      enrolled: fakes.enrolled.length,
    };
    const { task, log } = await runTask('leaky-service', {
      name: 'leaky-service',
      owner: 'group:default/payments',
      system: 'system:default/payments',
      tier: 3,
      lifecycle: 'experimental',
    });
    expect(task.status).toBe('failed');
    expect(log).toMatch(
      /config\/app\.env:2 {2}@secretlint\/secretlint-rule-github/,
    );
    const everything = `${log}\n${JSON.stringify(task)}`;
    for (const secret of [LEAKED_TOKEN, SECRET]) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(Buffer.from(secret).toString('base64'));
    }
    expect(everything).not.toContain(LEAKED_TOKEN.slice(4, 24));
    expect(fs.existsSync(path.join(gitRoot, 'leaky-service.git'))).toBe(false);
    expect({
      registered: fakes.registered.length,
      enrolled: fakes.enrolled.length,
    }).toEqual(before);
  });

  it('fails a task whose skeleton holds a symlink and publishes nothing', async () => {
    const before = {
      registered: fakes.registered.length,
      enrolled: fakes.enrolled.length,
    };
    const { task, log } = await runTask('linked-service', {
      name: 'linked-service',
      owner: 'group:default/payments',
      system: 'system:default/payments',
      tier: 3,
      lifecycle: 'experimental',
    });
    expect(task.status).toBe('failed');
    expect(log).toMatch(/symbolic link/);
    expect(fs.existsSync(path.join(gitRoot, 'linked-service.git'))).toBe(false);
    expect({
      registered: fakes.registered.length,
      enrolled: fakes.enrolled.length,
    }).toEqual(before);
  });
});
