import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  evaluateWorkspace,
  formatResults,
  listWorkspaceFiles,
  loadBuiltinWorkspacePolicies,
} from '@golden-path/policy';
import yaml from 'yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGoldenPathModule from '..';
import { findMonorepoRoot } from '../config';

jest.setTimeout(120_000);

/** The repository's templates directory. */
const TEMPLATES_DIR = path.join(findMonorepoRoot(), 'templates');

/** The version a template declares (its golden-path.dev/template-version annotation). */
function declaredVersion(template: string): string {
  const text = fsSync.readFileSync(
    path.join(TEMPLATES_DIR, template, 'template.yaml'),
    'utf8',
  );
  return /golden-path\.dev\/template-version: (\S+)/.exec(text)![1];
}

/** Answers that exercise every field, with a description that would break naive YAML. */
const ANSWERS = {
  name: 'payments-api',
  owner: 'group:default/payments',
  system: 'system:default/payments',
  tier: 1,
  lifecycle: 'production',
  description: 'Takes payments: "safely".\nkind: Group',
};

/** The directory contents of a template (everything beside template.yaml), base64-encoded. */
async function templateContents(template: string) {
  const dir = path.join(TEMPLATES_DIR, template);
  const files = (await listWorkspaceFiles(dir)).filter(
    f => f !== 'template.yaml',
  );
  return Promise.all(
    files.map(async f => ({
      path: f,
      base64Content: (await fs.readFile(path.join(dir, f))).toString('base64'),
    })),
  );
}

/** The response of the scaffolder's dry-run endpoint. */
interface DryRunResult {
  log: { body: { message: string; stepId?: string; status?: string } }[];
  directoryContents: { path: string; base64Content: string }[];
  output: Record<string, unknown>;
  steps: { id: string; action: string }[];
}

/** Runs the real scaffolder's dry run of a template over HTTP. */
async function dryRun(
  server: Server,
  template: string,
  values: Record<string, unknown> = ANSWERS,
  templateOverride?: (t: Record<string, any>) => void,
): Promise<{
  status: number;
  body: DryRunResult & { error?: { message: string } };
}> {
  const entity = yaml.parse(
    await fs.readFile(
      path.join(TEMPLATES_DIR, template, 'template.yaml'),
      'utf8',
    ),
  );
  templateOverride?.(entity);
  const { port } = server.address() as AddressInfo;
  const response = await fetch(
    `http://127.0.0.1:${port}/api/scaffolder/v2/dry-run`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: mockCredentials.service.header(),
      },
      body: JSON.stringify({
        template: entity,
        values,
        directoryContents: await templateContents(template),
      }),
    },
  );
  return { status: response.status, body: await response.json() };
}

/** Writes dry-run directory contents into a directory. */
async function writeContents(
  dir: string,
  contents: { path: string; base64Content: string }[],
) {
  for (const file of contents) {
    const target = path.join(dir, ...file.path.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, Buffer.from(file.base64Content, 'base64'));
  }
}

const TEMPLATES = ['node-service', 'python-service', 'go-service'];

/** Reads Dockerfile instructions without the package's parser: an independent check. */
function dockerInstructions(text: string) {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'))
    .map(l => {
      const [keyword, ...rest] = l.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

describe('the golden-path templates through the real scaffolder (dry-run API)', () => {
  let server: Server;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderGoldenPathModule,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            goldenPath: {
              scaffolder: {
                localGitRoot: await fs.mkdtemp(
                  path.join(os.tmpdir(), 'acceptance-git-'),
                ),
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop();
  });

  describe.each(TEMPLATES)('%s', template => {
    let workspace: string;
    let body: Awaited<ReturnType<typeof dryRun>>['body'];
    let status: number;

    beforeAll(async () => {
      const result = await dryRun(server, template);
      body = result.body;
      status = result.status;
      workspace = await fs.mkdtemp(path.join(os.tmpdir(), `${template}-`));
      await writeContents(workspace, body.directoryContents);
    });

    it('runs every step, failing none', () => {
      expect({ status, error: body.error?.message }).toEqual({
        status: 200,
        error: undefined,
      });
      const failed = body.log.filter(l => l.body.status === 'failed');
      expect(failed.map(l => l.body.stepId)).toEqual([]);
      expect(body.steps.map(s => s.action)).toEqual([
        'goldenpath:parameters:validate',
        'fetch:template',
        'catalog:write',
        'goldenpath:secrets:scan',
        'goldenpath:policy:check',
        'goldenpath:provenance:write',
        'goldenpath:publish:git',
        'catalog:register',
        'goldenpath:posture:enroll',
      ]);
    });

    it('renders a workspace that meets every built-in policy', async () => {
      const results = await evaluateWorkspace(
        workspace,
        await loadBuiltinWorkspacePolicies(),
        {
          subject: { tier: 1 },
        },
      );
      expect(formatResults(results)).toBe('No policy violations.');
    });

    it('writes catalog-info.yaml with a serializer, the description only there', async () => {
      const catalog = yaml.parse(
        await fs.readFile(path.join(workspace, 'catalog-info.yaml'), 'utf8'),
      );
      expect(catalog).toMatchObject({
        kind: 'Component',
        metadata: {
          name: 'payments-api',
          description: ANSWERS.description,
          annotations: {
            'golden-path.dev/security-tier': '1',
            'golden-path.dev/template-ref': 'template:default/dry-run',
            'golden-path.dev/template-version': declaredVersion(template),
          },
        },
        spec: {
          owner: 'group:default/payments',
          system: 'system:default/payments',
          lifecycle: 'production',
        },
      });
      for (const file of body.directoryContents) {
        if (file.path === 'catalog-info.yaml') continue;
        const text = Buffer.from(file.base64Content, 'base64').toString('utf8');
        expect({
          file: file.path,
          leaked: text.includes('Takes payments'),
        }).toEqual({
          file: file.path,
          leaked: false,
        });
      }
    });

    it('records the provenance: version, digest, answers without the description, ownership', async () => {
      const provenance = yaml.parse(
        await fs.readFile(
          path.join(workspace, '.golden-path', 'provenance.yaml'),
          'utf8',
        ),
      );
      expect(provenance.template).toMatchObject({
        ref: 'template:default/dry-run',
        version: declaredVersion(template),
        contentDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      });
      expect(provenance.answers).toEqual({
        name: 'payments-api',
        owner: 'group:default/payments',
        system: 'system:default/payments',
        tier: 1,
        lifecycle: 'production',
      });
      const classes = Object.fromEntries(
        provenance.files.map((f: { path: string; ownership: string }) => [
          f.path,
          f.ownership,
        ]),
      );
      expect(classes.Dockerfile).toBe('managed');
      expect(classes['catalog-info.yaml']).toBeDefined();
    });

    it('ships a hardened Dockerfile (checked without the policy engine)', async () => {
      const instructions = dockerInstructions(
        await fs.readFile(path.join(workspace, 'Dockerfile'), 'utf8'),
      );
      const froms = instructions.filter(i => i.keyword === 'FROM');
      expect(froms.length).toBeGreaterThanOrEqual(2);
      const stageNames = froms
        .filter(f => / AS /i.test(` ${f.args} `))
        .map(f => f.args.split(/\s+/).pop()?.toLowerCase());
      const unpinned = froms
        .map(f => f.args.split(' ')[0])
        .filter(image => !stageNames.includes(image.toLowerCase()))
        .filter(image => !/@sha256:[0-9a-f]{64}$/.test(image));
      expect(unpinned).toEqual([]);
      expect(froms[froms.length - 1].args).toMatch(
        /^(gcr\.io\/distroless\/|cgr\.dev\/chainguard\/)/,
      );
      const finalStage = instructions.slice(
        instructions.lastIndexOf(froms[froms.length - 1]),
      );
      const users = finalStage.filter(i => i.keyword === 'USER');
      expect(users.length).toBeGreaterThan(0);
      expect(users[users.length - 1].args).toMatch(/^[1-9]\d*(:\d+)?$/);
      expect(finalStage.some(i => i.keyword === 'HEALTHCHECK')).toBe(true);
      expect(instructions.some(i => i.keyword === 'ADD')).toBe(false);
    });

    it('ships restricted Kubernetes manifests (checked without the policy engine)', async () => {
      const docs = (
        await Promise.all(
          (await fs.readdir(path.join(workspace, 'k8s')))
            .filter(f => f.endsWith('.yaml'))
            .map(async f =>
              yaml
                .parseAllDocuments(
                  await fs.readFile(path.join(workspace, 'k8s', f), 'utf8'),
                )
                .map(d => d.toJS()),
            ),
        )
      ).flat();
      const deployment = docs.find(d => d?.kind === 'Deployment');
      const pod = deployment.spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault');
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
        });
        expect(c.securityContext.capabilities.drop).toContain('ALL');
        expect(c.image).toMatch(/@sha256:[0-9a-f]{64}$/);
        expect(c.resources.requests).toBeDefined();
        expect(c.resources.limits).toBeDefined();
        expect(c.livenessProbe && c.readinessProbe).toBeTruthy();
      }
      const sa = docs.find(d => d?.kind === 'ServiceAccount');
      expect(sa.metadata.name).toBe(pod.serviceAccountName);
      expect(sa.automountServiceAccountToken).toBe(false);
      expect(
        docs.some(
          d => d?.kind === 'NetworkPolicy' && !d.spec.ingress && !d.spec.egress,
        ),
      ).toBe(true);
    });

    it('never renders an answer into a workflow and pins every action', async () => {
      const dir = path.join(workspace, '.github', 'workflows');
      for (const file of await fs.readdir(dir)) {
        const workflow = yaml.parse(
          await fs.readFile(path.join(dir, file), 'utf8'),
        );
        expect(workflow.permissions).toMatchObject({ contents: 'read' });
        const steps = Object.values<any>(workflow.jobs).flatMap(
          job => job.steps ?? [],
        );
        expect(
          steps
            .filter(st => st.uses && !st.uses.startsWith('./'))
            .filter(st => !/@[0-9a-f]{40}$/.test(st.uses)),
        ).toEqual([]);
        expect(
          steps.filter(st => String(st.run ?? '').includes('${{')),
        ).toEqual([]);
      }
    });
  });

  it.each([
    [
      'a name that is not a DNS label',
      { name: 'Payments_API' },
      /does not match pattern|DNS label/,
    ],
    [
      'a template expression in the description',
      { description: '${{ secrets.backstageToken }}' },
      /template expression/,
    ],
    [
      'an oversized description',
      { description: 'x'.repeat(600) },
      /maxLength|longer than/,
    ],
  ])(
    'refuses %s before anything is rendered or published',
    async (_what, change, message) => {
      const { body } = await dryRun(server, 'node-service', {
        ...ANSWERS,
        ...change,
      });
      expect(JSON.stringify(body)).toMatch(message);
      expect(body.directoryContents ?? []).toEqual([]);
    },
  );
});
