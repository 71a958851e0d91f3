/*
 * How much time the golden-path actions add to a template run.
 *
 * For each template it runs, several times, the built-in steps alone (fetch:template and
 * catalog:write, what any template does) and then the golden-path steps on the rendered
 * workspace (parameters:validate, secrets:scan, policy:check, provenance:write, publish:git
 * to a local bare repository, posture:enroll against a local HTTP server), and prints the
 * median time of each step. It is a measurement, not a test: nothing is asserted.
 *
 *   NODE_PATH=<dir with @bufbuild/protobuf> ./gp yarn node -r sucrase/register/ts \
 *     plugins/scaffolder-backend-module-golden-path/test/bench/scaffolder-overhead.ts [runs]
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import type {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createCatalogWriteAction,
  createFetchTemplateAction,
} from '@backstage/plugin-scaffolder-backend';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import {
  createParametersValidateAction,
  createPolicyCheckAction,
  createPostureEnrollAction,
  createProvenanceWriteAction,
  createPublishGitAction,
  createSecretsScanAction,
  LocalRepositories,
} from '../../src';
import { findMonorepoRoot } from '../../src/config';

const RUNS = Number(process.argv[2] ?? 5);
const TEMPLATES = ['node-service', 'python-service', 'go-service'];
const templatesDir = path.join(findMonorepoRoot(), 'templates');

const quiet: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => quiet,
};

const noReader: UrlReaderService = {
  readUrl: () => Promise.reject(new Error('templates are local')),
  readTree: () => Promise.reject(new Error('templates are local')),
  search: () => Promise.reject(new Error('templates are local')),
};

const fakeAuth = {
  getOwnServiceCredentials: async () => ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject: 'bench' },
  }),
  getPluginRequestToken: async () => ({ token: 'bench-token' }),
} as unknown as AuthService;

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(201).end('{}'));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const discovery = {
    getBaseUrl: async () => `http://127.0.0.1:${port}/api/security-posture`,
    getExternalBaseUrl: async () =>
      `http://127.0.0.1:${port}/api/security-posture`,
  };
  const gitRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-git-'));
  const repositories = new LocalRepositories({
    root: gitRoot,
    baseUrl: 'http://localhost:7007/golden-path-git',
  });
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const builtin = {
    fetch: createFetchTemplateAction({ reader: noReader, integrations }),
    catalog: createCatalogWriteAction(),
  };
  const ours = {
    validate: createParametersValidateAction(),
    secrets: createSecretsScanAction(),
    policy: createPolicyCheckAction(),
    provenance: createProvenanceWriteAction(),
    publish: createPublishGitAction({ repositories }),
    enroll: createPostureEnrollAction({ discovery, auth: fakeAuth }),
  };

  console.log(
    `Median of ${RUNS} runs per template (ms); first run of each action warms up and is not counted.`,
  );
  for (const template of TEMPLATES) {
    const templateFile = path.join(templatesDir, template, 'template.yaml');
    const entity = yaml.parse(await fs.readFile(templateFile, 'utf8'));
    const templateInfo = {
      entityRef: `template:default/${template}`,
      baseUrl: pathToFileURL(templateFile).toString(),
      entity: { metadata: entity.metadata },
    };
    const times: Record<string, number[]> = {};
    for (let run = 0; run <= RUNS; run++) {
      const name = `bench-${template.split('-')[0]}-${run}-${
        Date.now() % 100000
      }`;
      const workspacePath = await fs.mkdtemp(
        path.join(os.tmpdir(), 'bench-ws-'),
      );
      const answers = {
        name,
        owner: 'group:default/payments',
        system: 'system:default/payments',
        tier: 2,
        lifecycle: 'production',
      };
      const steps: [
        string,
        TemplateAction<any, any, any>,
        Record<string, unknown>,
      ][] = [
        [
          'fetch:template',
          builtin.fetch,
          {
            url: './skeleton',
            copyWithoutTemplating: ['.github/workflows/**'],
            values: {
              ...answers,
              repoUrl: `github.com?owner=bench&repo=${name}`,
            },
          },
        ],
        [
          'catalog:write',
          builtin.catalog,
          {
            entity: {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name,
                annotations: {
                  'golden-path.dev/security-tier': '2',
                  'golden-path.dev/template-ref': templateInfo.entityRef,
                  'golden-path.dev/template-version': '1.0.0',
                },
              },
              spec: {
                type: 'service',
                owner: answers.owner,
                system: answers.system,
                lifecycle: answers.lifecycle,
              },
            },
          },
        ],
        [
          'goldenpath:parameters:validate',
          ours.validate,
          { ...answers, description: 'A service.' },
        ],
        ['goldenpath:secrets:scan', ours.secrets, {}],
        ['goldenpath:policy:check', ours.policy, { tier: 2 }],
        ['goldenpath:provenance:write', ours.provenance, { answers }],
        ['goldenpath:publish:git', ours.publish, { repoName: name }],
        [
          'goldenpath:posture:enroll',
          ours.enroll,
          {
            entityRef: `component:default/${name}`,
            tier: 2,
            lifecycle: 'production',
            expectedScanners: ['gitleaks'],
            templateRef: templateInfo.entityRef,
            templateVersion: '1.0.0',
          },
        ],
      ];
      for (const [id, action, input] of steps) {
        const start = process.hrtime.bigint();
        await action.handler({
          input,
          workspacePath,
          logger: quiet,
          templateInfo,
          output: () => {},
          checkpoint: async ({ fn }: { fn: () => unknown }) => fn(),
          createTemporaryDirectory: () =>
            fs.mkdtemp(path.join(os.tmpdir(), 'bench-tmp-')),
          getInitiatorCredentials: async () => ({}),
          task: { id: 'bench' },
        } as never);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (run > 0) (times[id] ??= []).push(ms);
      }
    }
    const sum = (ids: string[]) =>
      ids.reduce((t, id) => t + median(times[id]), 0);
    const builtinMs = sum(['fetch:template', 'catalog:write']);
    const checksMs = sum([
      'goldenpath:parameters:validate',
      'goldenpath:secrets:scan',
      'goldenpath:policy:check',
      'goldenpath:provenance:write',
    ]);
    const deliveryMs = sum([
      'goldenpath:publish:git',
      'goldenpath:posture:enroll',
    ]);
    const row = (label: string, ms: number, note = '') =>
      console.log(`  ${label.padEnd(32)} ${ms.toFixed(1).padStart(8)}${note}`);
    console.log(`\n${template}`);
    for (const [id, values] of Object.entries(times)) row(id, median(values));
    row('built-in render steps', builtinMs);
    row(
      'golden-path checks',
      checksMs,
      `  (validate + secrets + policy + provenance: +${(
        (checksMs / builtinMs) *
        100
      ).toFixed(0)}% over rendering)`,
    );
    row(
      'publish + enroll',
      deliveryMs,
      '  (replaces publish:github, which is network-bound)',
    );
  }
  server.close();
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
