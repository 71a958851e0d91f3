import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadBuiltinWorkspacePolicies } from './builtin';
import { evaluateWorkspace } from './evaluate';
import type { Policy, PolicyResult } from './types';
import {
  compliantWorkspace,
  writeWorkspace,
} from './testUtils/compliantWorkspace';

type Files = Record<string, string>;
type Mutation = [
  item: string,
  rule: string,
  mutate: (files: Files) => void,
  where: { file: string; line?: number },
];

const replaceIn =
  (file: string, from: string | RegExp, to: string) => (files: Files) => {
    const before = files[file];
    files[file] = before.replace(from, to);
    if (files[file] === before)
      throw new Error(`mutation of ${file} changed nothing (${from})`);
  };

const K8S = 'k8s/deployment.yaml';
const compliant = compliantWorkspace();
/** The 1-based line of the first line of a compliant file containing `needle`. */
const lineOf = (file: string, needle: string) =>
  compliant[file].split('\n').findIndex(l => l.includes(needle)) + 1;
const CI = '.github/workflows/ci.yml';

/** One mutation per hardening item of the templates; each must fail exactly its rule. */
const mutations: Mutation[] = [
  [
    'Dockerfile multi-stage',
    'dockerfile-hardening/multi-stage',
    f => {
      f.Dockerfile = f.Dockerfile.split('\n')
        .slice(9)
        .join('\n')
        .replace('COPY --from=build /src/dist ./dist', 'COPY dist ./dist');
    },
    { file: 'Dockerfile', line: 1 },
  ],
  [
    'minimal final image',
    'dockerfile-hardening/minimal-final-image',
    replaceIn('Dockerfile', 'gcr.io/distroless/nodejs22-debian12', 'node'),
    { file: 'Dockerfile', line: 10 },
  ],
  [
    'non-root USER missing',
    'dockerfile-hardening/non-root-user',
    replaceIn('Dockerfile', 'USER 65532:65532\n', ''),
    { file: 'Dockerfile', line: 10 },
  ],
  [
    'numeric USER',
    'dockerfile-hardening/non-root-user',
    replaceIn('Dockerfile', 'USER 65532:65532', 'USER nonroot'),
    { file: 'Dockerfile', line: 13 },
  ],
  [
    'USER not root',
    'dockerfile-hardening/non-root-user',
    replaceIn('Dockerfile', 'USER 65532:65532', 'USER 0'),
    { file: 'Dockerfile', line: 13 },
  ],
  [
    'base image by digest',
    'dockerfile-hardening/base-image-digest',
    replaceIn('Dockerfile', /node:22-bookworm@sha256:b+/, 'node:22-bookworm'),
    { file: 'Dockerfile', line: 2 },
  ],
  [
    'HEALTHCHECK',
    'dockerfile-hardening/healthcheck',
    replaceIn('Dockerfile', /HEALTHCHECK.*\n/, ''),
    { file: 'Dockerfile', line: 10 },
  ],
  [
    'COPY not ADD',
    'dockerfile-hardening/copy-not-add',
    replaceIn('Dockerfile', 'COPY . .', 'ADD . .'),
    { file: 'Dockerfile', line: 7 },
  ],
  [
    'no secret build args',
    'dockerfile-hardening/no-secrets',
    replaceIn('Dockerfile', 'WORKDIR /src', 'ARG NPM_TOKEN'),
    { file: 'Dockerfile', line: 3 },
  ],
  [
    'no secret env',
    'dockerfile-hardening/no-secrets',
    replaceIn('Dockerfile', 'WORKDIR /app', 'ENV DB_PASSWORD=hunter2'),
    { file: 'Dockerfile', line: 11 },
  ],
  [
    'no copied secrets',
    'dockerfile-hardening/no-secrets',
    replaceIn('Dockerfile', 'COPY . .', 'COPY .env ./'),
    { file: 'Dockerfile', line: 7 },
  ],
  [
    '.dockerignore excludes .git',
    'dockerfile-hardening/dockerignore',
    replaceIn('.dockerignore', '.git\n', ''),
    { file: '.dockerignore' },
  ],
  [
    '.dockerignore excludes .env*',
    'dockerfile-hardening/dockerignore',
    replaceIn('.dockerignore', '.env*\n', ''),
    { file: '.dockerignore' },
  ],
  [
    '.dockerignore exists',
    'dockerfile-hardening/dockerignore',
    f => {
      delete f['.dockerignore'];
    },
    { file: '.dockerignore' },
  ],
  [
    'runAsNonRoot',
    'kubernetes-hardening/run-as-non-root',
    replaceIn(K8S, 'runAsNonRoot: true', 'runAsNonRoot: false'),
    { file: K8S, line: 1 },
  ],
  [
    'allowPrivilegeEscalation false',
    'kubernetes-hardening/no-privilege-escalation',
    replaceIn(
      K8S,
      'allowPrivilegeEscalation: false',
      'allowPrivilegeEscalation: true',
    ),
    { file: K8S, line: 20 },
  ],
  [
    'capabilities drop ALL',
    'kubernetes-hardening/drop-all-capabilities',
    replaceIn(K8S, 'drop: [ALL]', 'drop: [NET_RAW]'),
    { file: K8S, line: 20 },
  ],
  [
    'seccomp RuntimeDefault',
    'kubernetes-hardening/seccomp-runtime-default',
    replaceIn(K8S, 'type: RuntimeDefault', 'type: Unconfined'),
    { file: K8S, line: 1 },
  ],
  [
    'readOnlyRootFilesystem',
    'kubernetes-hardening/read-only-root-filesystem',
    replaceIn(
      K8S,
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: false',
    ),
    { file: K8S, line: 20 },
  ],
  [
    'emptyDir for /tmp',
    'kubernetes-hardening/tmp-empty-dir',
    replaceIn(K8S, 'emptyDir: {}', 'hostPath: { path: /tmp }'),
    { file: K8S, line: 1 },
  ],
  [
    'automountServiceAccountToken false (pod)',
    'kubernetes-hardening/service-account-token',
    replaceIn(K8S, '      automountServiceAccountToken: false\n', ''),
    { file: K8S, line: 1 },
  ],
  [
    'dedicated ServiceAccount',
    'kubernetes-hardening/service-account-token',
    replaceIn(K8S, 'serviceAccountName: svc', 'serviceAccountName: default'),
    { file: K8S, line: 1 },
  ],
  [
    'ServiceAccount without token',
    'kubernetes-hardening/service-account-token',
    replaceIn(
      'k8s/service-account.yaml',
      'automountServiceAccountToken: false',
      'automountServiceAccountToken: true',
    ),
    { file: K8S, line: 1 },
  ],
  [
    'requests and limits',
    'kubernetes-hardening/resources',
    replaceIn(K8S, '            limits: { cpu: 500m, memory: 256Mi }\n', ''),
    { file: K8S, line: 20 },
  ],
  [
    'probes',
    'kubernetes-hardening/probes',
    replaceIn(K8S, / {10}readinessProbe:\n.*\n/, ''),
    { file: K8S, line: 20 },
  ],
  [
    'image by digest',
    'kubernetes-hardening/image-digest',
    replaceIn(K8S, /svc@sha256:b+/, 'svc:latest'),
    { file: K8S, line: 20 },
  ],
  [
    'default-deny NetworkPolicy selecting the pods',
    'kubernetes-hardening/network-policy',
    replaceIn(
      'k8s/network-policy.yaml',
      'podSelector: {}',
      'podSelector: { matchLabels: { app: other } }',
    ),
    { file: K8S, line: 1 },
  ],
  [
    'default-deny NetworkPolicy',
    'kubernetes-hardening/network-policy',
    replaceIn(
      'k8s/network-policy.yaml',
      'policyTypes: [Ingress, Egress]',
      'policyTypes: [Ingress]',
    ),
    { file: K8S },
  ],
  [
    'explicit allows',
    'kubernetes-hardening/network-policy',
    replaceIn('k8s/network-policy.yaml', / {2}ingress:\n.*\n/, ''),
    { file: K8S },
  ],
  [
    'top-level permissions',
    'workflow-hardening/read-only-default-permissions',
    replaceIn(CI, 'permissions:\n  contents: read\njobs:', 'jobs:'),
    { file: CI, line: 1 },
  ],
  [
    'top-level contents read',
    'workflow-hardening/read-only-default-permissions',
    replaceIn(
      CI,
      'permissions:\n  contents: read\njobs:',
      'permissions:\n  contents: none\njobs:',
    ),
    { file: CI, line: 7 },
  ],
  [
    'no top-level write',
    'workflow-hardening/read-only-default-permissions',
    replaceIn(
      CI,
      'permissions:\n  contents: read\njobs:',
      'permissions:\n  contents: read\n  pull-requests: write\njobs:',
    ),
    { file: CI, line: 7 },
  ],
  [
    'writes only per job',
    'workflow-hardening/job-permissions-scoped',
    replaceIn(
      CI,
      '    needs: build\n',
      '    needs: build\n    permissions: write-all\n',
    ),
    { file: CI, line: lineOf(CI, '  deploy:') + 1 },
  ],
  [
    'actions pinned to a SHA',
    'workflow-hardening/actions-pinned-by-sha',
    replaceIn(
      CI,
      /gitleaks\/gitleaks-action@a+/,
      'gitleaks/gitleaks-action@v2',
    ),
    { file: CI, line: lineOf(CI, 'gitleaks-action') },
  ],
  [
    'no pull_request_target with PR checkout',
    'workflow-hardening/no-privileged-pr-checkout',
    f => {
      f[CI] = f[CI].replace(
        '  pull_request:',
        '  pull_request_target:',
      ).replace(
        /( {6}- uses: actions\/checkout@a+ # v4)/,
        '$1\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}',
      );
    },
    { file: CI, line: 15 },
  ],
  [
    'no user values in run',
    'workflow-hardening/no-expression-in-run',
    replaceIn(
      CI,
      'echo deploying',
      'echo "${{ github.event.head_commit.message }}"',
    ),
    { file: CI, line: lineOf(CI, 'echo deploying') },
  ],
  [
    'secret scanning',
    'workflow-hardening/secret-scanning',
    replaceIn(CI, / {6}- uses: gitleaks.*\n/, ''),
    { file: '.' },
  ],
  [
    'dependency scanning',
    'workflow-hardening/dependency-scanning',
    replaceIn(
      CI,
      '      - run: osv-scanner scan --format json --output osv.json .\n',
      '',
    ),
    { file: '.' },
  ],
  [
    'SAST',
    'workflow-hardening/sast',
    replaceIn(
      CI,
      / {6}- uses: github\/codeql-action.*\n {6}- uses: github\/codeql-action.*\n/,
      '',
    ),
    { file: '.' },
  ],
  [
    'SBOM',
    'workflow-hardening/sbom',
    replaceIn(CI, / {6}- uses: anchore.*\n/, ''),
    { file: '.' },
  ],
  [
    'image signing',
    'workflow-hardening/image-signing',
    replaceIn(
      CI,
      / {6}- uses: sigstore.*\n {6}- run: cosign.*\n {8}env:\n.*\n/,
      '',
    ),
    { file: '.' },
  ],
  [
    'provenance',
    'workflow-hardening/build-provenance',
    replaceIn(CI, / {6}- uses: actions\/attest-build-provenance.*\n/, ''),
    { file: '.' },
  ],
  [
    'upload with the CLI',
    'workflow-hardening/upload-results',
    replaceIn(CI, 'golden-path upload', 'curl -T'),
    { file: '.' },
  ],
  [
    'deploy asks the gate first',
    'workflow-hardening/deploy-asks-gate',
    replaceIn(
      CI,
      '      - run: golden-path gate --entity component:default/svc\n      - run: echo deploying',
      '      - run: echo deploying\n      - run: golden-path gate --entity component:default/svc',
    ),
    { file: CI, line: lineOf(CI, '  deploy:') + 1 },
  ],
  [
    'a deploy job exists',
    'workflow-hardening/deploy-asks-gate',
    replaceIn(CI, '  deploy:', '  ship:'),
    { file: '.github/workflows' },
  ],
  [
    'SECURITY.md',
    'repository-hygiene/security-policy',
    f => {
      delete f['SECURITY.md'];
    },
    { file: '.' },
  ],
  [
    'CODEOWNERS',
    'repository-hygiene/codeowners',
    f => {
      delete f.CODEOWNERS;
    },
    { file: '.' },
  ],
  [
    'dependency-update bot',
    'repository-hygiene/dependency-update-bot',
    f => {
      delete f['.github/dependabot.yml'];
    },
    { file: '.' },
  ],
  [
    'LICENSE',
    'repository-hygiene/license',
    f => {
      delete f.LICENSE;
    },
    { file: '.' },
  ],
  [
    '.gitignore excludes .env*',
    'repository-hygiene/gitignore-env',
    replaceIn('.gitignore', '.env*\n', ''),
    { file: '.gitignore' },
  ],
  [
    'catalog-info owner',
    'repository-hygiene/catalog-info',
    replaceIn('catalog-info.yaml', '  owner: group:default/team-a\n', ''),
    { file: 'catalog-info.yaml', line: 1 },
  ],
  [
    'catalog-info system',
    'repository-hygiene/catalog-info',
    replaceIn('catalog-info.yaml', '  system: system:default/payments\n', ''),
    { file: 'catalog-info.yaml' },
  ],
  [
    'catalog-info lifecycle',
    'repository-hygiene/catalog-info',
    replaceIn('catalog-info.yaml', '  lifecycle: production\n', ''),
    { file: 'catalog-info.yaml' },
  ],
  [
    'catalog-info tier',
    'repository-hygiene/catalog-info',
    replaceIn('catalog-info.yaml', /.*security-tier.*\n/, ''),
    { file: 'catalog-info.yaml' },
  ],
  [
    'catalog-info template ref',
    'repository-hygiene/catalog-info',
    replaceIn('catalog-info.yaml', /.*template-ref.*\n/, ''),
    { file: 'catalog-info.yaml' },
  ],
  [
    'catalog-info template version',
    'repository-hygiene/catalog-info',
    replaceIn('catalog-info.yaml', /.*template-version.*\n/, ''),
    { file: 'catalog-info.yaml' },
  ],
];

describe('built-in workspace policies', () => {
  let policies: Policy[];
  let root: string;
  let counter = 0;

  beforeAll(async () => {
    policies = await loadBuiltinWorkspacePolicies();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'builtin-policies-'));
  });

  async function evaluate(files: Files): Promise<PolicyResult[]> {
    const dir = path.join(root, String(counter++));
    await writeWorkspace(dir, files);
    return evaluateWorkspace(dir, policies);
  }

  it('pass on the compliant workspace', async () => {
    expect(await evaluate(compliantWorkspace())).toEqual([]);
  });

  it('accept a default-deny NetworkPolicy scoped to the service pods', async () => {
    const files = compliantWorkspace();
    replaceIn(
      'k8s/network-policy.yaml',
      'podSelector: {}',
      'podSelector: { matchLabels: { app: svc } }',
    )(files);
    expect(await evaluate(files)).toEqual([]);
  });

  it('cover every rule with at least one mutation', () => {
    const covered = new Set(mutations.map(m => m[1]));
    const rules = policies.flatMap(p => p.rules.map(r => `${p.name}/${r.id}`));
    expect(rules.filter(r => !covered.has(r))).toEqual([]);
  });

  it.each(mutations)(
    'fail when the template loses: %s',
    async (_item, rule, mutate, where) => {
      const files = compliantWorkspace();
      mutate(files);
      const results = await evaluate(files);
      expect(results.map(r => `${r.policy}/${r.rule}`)).toEqual([rule]);
      const [result] = results;
      expect(result.fix.length).toBeGreaterThan(0);
      expect(result.mode).toBe('enforce');
      expect(result).toMatchObject(where);
    },
  );
});
