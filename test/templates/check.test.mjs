// Proves that check.mjs catches each broken hardening rule: a rendered template passes, and
// every single mutation of it fails with the expected message. Run: node --test check.test.mjs
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkGenerated, checkTemplate, globToRegExp } from './check.mjs';
import { renderSkeleton, renderText } from './render.mjs';

const skeleton = fileURLToPath(
  new URL('../../templates/node-service/skeleton', import.meta.url),
);
const values = {
  name: 'payments-api',
  owner: 'group:default/payments-team',
  repoUrl: 'github.com?owner=acme-corp&repo=payments-api',
  description: 'marker-7f3c',
};

/** @type {[string, string, (text: string) => string, RegExp][]} */
const MUTATIONS = [
  [
    'Dockerfile',
    'ADD instead of COPY',
    t => t.replace('COPY src ./src', 'ADD src ./src'),
    /uses ADD/,
  ],
  [
    'Dockerfile',
    'base image by tag only',
    t => t.replace(/@sha256:[0-9a-f]{64} AS build/, ' AS build'),
    /not pinned by digest/,
  ],
  [
    'Dockerfile',
    'root user',
    t => t.replace('USER 65532:65532', 'USER root'),
    /not numeric non-root/,
  ],
  [
    'Dockerfile',
    'no HEALTHCHECK',
    t => t.replace(/HEALTHCHECK[^\n]*\\\n[^\n]*\n/, ''),
    /no HEALTHCHECK/,
  ],
  [
    'Dockerfile',
    'secret build arg',
    t =>
      t.replace(
        'WORKDIR /app\nENV NODE_ENV',
        'WORKDIR /app\nARG NPM_TOKEN\nENV NODE_ENV',
      ),
    /secret-like/,
  ],
  [
    'Dockerfile',
    'single stage',
    t =>
      t
        .replace(/^FROM node[^\n]*\n/m, '')
        .replace('COPY --from=build /app/package.json', 'COPY package.json'),
    /not multi-stage/,
  ],
  [
    '.dockerignore',
    '.env files in the context',
    t => t.replace('.env*\n', ''),
    /does not exclude \.env\*/,
  ],
  [
    '.gitignore',
    '.env files committable',
    t => t.replace('.env*\n', ''),
    /\.gitignore does not exclude/,
  ],
  [
    '.github/workflows/ci.yaml',
    'action by tag',
    t =>
      t.replace(
        /actions\/checkout@[0-9a-f]{40} # v7\.0\.1/,
        'actions/checkout@v7',
      ),
    /not pinned to a 40-hex/,
  ],
  [
    '.github/workflows/ci.yaml',
    'SHA without version comment',
    t => t.replace(' # v7.0.1', ''),
    /lacks its "# vX.Y.Z" comment/,
  ],
  [
    '.github/workflows/ci.yaml',
    'pull_request_target',
    t => t.replace('  pull_request:\n', '  pull_request_target:\n'),
    /pull_request_target/,
  ],
  [
    '.github/workflows/ci.yaml',
    'write-all token',
    t =>
      t.replace(
        'permissions:\n  contents: read\n\nconcurrency',
        'permissions: write-all\n\nconcurrency',
      ),
    /top-level permissions/,
  ],
  [
    '.github/workflows/ci.yaml',
    'expression in run:',
    t => t.replace('run: npm test', 'run: npm test -- ${{ github.head_ref }}'),
    /interpolates an expression/,
  ],
  [
    '.github/workflows/ci.yaml',
    'deploy without gate',
    t =>
      t.replace(
        'run: npx @golden-path/cli gate --entity "$ENTITY_REF" --audience golden-path',
        'run: echo skipped',
      ),
    /does not ask the gate/,
  ],
  [
    '.github/workflows/ci.yaml',
    'upload without an identity token',
    t =>
      t.replace(
        /( {4}permissions:\n {6}contents: read\n) {6}id-token: write # the CLI proves this repository to the posture backend[^\n]*\n/,
        '$1',
      ),
    /job report runs the golden-path CLI without permissions id-token: write/,
  ],
  [
    '.github/workflows/ci.yaml',
    'gate without an identity token',
    t =>
      t.replace(
        /( {4}environment: production\n {4}permissions:\n {6}contents: read\n) {6}id-token: write[^\n]*\n/,
        '$1',
      ),
    /job deploy runs the golden-path CLI without permissions id-token: write/,
  ],
  [
    '.github/workflows/ci.yaml',
    'stored GOLDEN_PATH_TOKEN secret',
    t =>
      t.replace(
        '          GOLDEN_PATH_URL: ${{ vars.GOLDEN_PATH_URL }}\n        run: npx',
        '          GOLDEN_PATH_URL: ${{ vars.GOLDEN_PATH_URL }}\n          GOLDEN_PATH_TOKEN: ${{ secrets.GOLDEN_PATH_TOKEN }}\n        run: npx',
      ),
    /sets GOLDEN_PATH_TOKEN, a stored token/,
  ],
  [
    '.github/workflows/ci.yaml',
    'GOLDEN_PATH_TOKEN secret under another name',
    t =>
      t.replace(
        '          GOLDEN_PATH_URL: ${{ vars.GOLDEN_PATH_URL }}\n        run: npx',
        "          GOLDEN_PATH_URL: ${{ vars.GOLDEN_PATH_URL }}\n          CI_TOKEN: ${{ secrets['GOLDEN_PATH_TOKEN'] }}\n        run: npx",
      ),
    /references the GOLDEN_PATH_TOKEN secret/,
  ],
  [
    '.github/workflows/ci.yaml',
    'a stored token passed with --token',
    t =>
      t.replace(
        'gate --entity "$ENTITY_REF" --audience golden-path',
        'gate --entity "$ENTITY_REF" --token "$CI_TOKEN"',
      ),
    /job deploy passes --token/,
  ],
  [
    '.github/workflows/ci.yaml',
    'upload job with a broader token',
    t =>
      t.replace(
        /( {6}id-token: write # the CLI proves this repository to the posture backend[^\n]*\n)/,
        '$1      packages: write\n',
      ),
    /job report runs the golden-path CLI with more than contents: read and id-token: write \(packages: write\)/,
  ],
  [
    '.github/workflows/ci.yaml',
    'identity token for a job that does not use it',
    t =>
      t.replace(
        '      security-events: write\n',
        '      security-events: write\n      id-token: write\n',
      ),
    /job sast asks for id-token: write but neither runs the golden-path CLI nor signs/,
  ],
  [
    '.github/workflows/ci.yaml',
    'no upload',
    t => t.replace('npx @golden-path/cli upload', 'echo'),
    /no report upload/,
  ],
  [
    'k8s/deployment.yaml',
    'privilege escalation',
    t =>
      t.replace(
        'allowPrivilegeEscalation: false',
        'allowPrivilegeEscalation: true',
      ),
    /allows privilege escalation/,
  ],
  [
    'k8s/deployment.yaml',
    'writable root',
    t =>
      t.replace(
        'readOnlyRootFilesystem: true',
        'readOnlyRootFilesystem: false',
      ),
    /root filesystem is writable/,
  ],
  [
    'k8s/deployment.yaml',
    'capabilities kept',
    t => t.replace('- ALL', '- NET_RAW'),
    /drop ALL/,
  ],
  [
    'k8s/deployment.yaml',
    'image by tag',
    t => t.replace(/@sha256:0{64}/, ':latest'),
    /image not by digest/,
  ],
  [
    'k8s/deployment.yaml',
    'token mounted',
    t => t.replace('      automountServiceAccountToken: false\n', ''),
    /pod mounts the token/,
  ],
  [
    'k8s/deployment.yaml',
    'no limits',
    t => t.replace(/ {12}limits:\n.*\n.*\n/, ''),
    /lacks cpu\/memory limits/,
  ],
  [
    'k8s/deployment.yaml',
    'no /tmp emptyDir',
    t => t.replace('mountPath: /tmp', 'mountPath: /var/tmp'),
    /no emptyDir at \/tmp/,
  ],
  [
    'k8s/networkpolicy.yaml',
    'no default deny',
    t => t.replace('    - Ingress\n    - Egress\n', '    - Ingress\n'),
    /no default-deny/,
  ],
  [
    '.github/CODEOWNERS',
    'no owner',
    t => t.replace(/^\* .*$/m, ''),
    /CODEOWNERS must have/,
  ],
  [
    '.github/dependabot.yml',
    'actions not updated',
    t => t.replace('github-actions', 'gitsubmodule'),
    /does not cover github-actions/,
  ],
  [
    'README.md',
    'description leaked',
    t => `${t}\nmarker-7f3c\n`,
    /contains the description/,
  ],
];

describe('check.mjs', () => {
  let rendered = '';
  let scratch = '';

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'gp-check-'));
    rendered = join(scratch, 'rendered');
    await renderSkeleton(skeleton, rendered, values);
  });

  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('passes the rendered node-service template', () => {
    assert.deepEqual(checkGenerated(rendered, 'npm', 'marker-7f3c'), []);
  });

  for (const [file, what, mutate, expected] of MUTATIONS) {
    it(`fails on ${what} (${file})`, async () => {
      const copy = join(scratch, what.replace(/\W+/g, '-'));
      await cp(rendered, copy, { recursive: true });
      const original = await readFile(join(copy, file), 'utf8');
      const mutated = mutate(original);
      assert.notEqual(mutated, original, 'the mutation changed the file');
      await writeFile(join(copy, file), mutated);
      const failures = checkGenerated(copy, 'npm', 'marker-7f3c');
      assert.ok(
        failures.some(failure => expected.test(failure)),
        `expected ${expected} in ${JSON.stringify(failures)}`,
      );
    });
  }
});

describe('check.mjs on workflows published before identity tokens', () => {
  // node-service 1.1.0, python-service 1.0.0 and go-service 1.0.0 uploaded and asked the gate
  // with a stored GOLDEN_PATH_TOKEN secret; the identity-token rule must refuse each of them.
  const archived = [
    ['node-service-1.1.0', 'npm'],
    ['python-service-1.0.0', 'pip'],
    ['go-service-1.0.0', 'gomod'],
  ];
  let scratch = '';

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'gp-check-archived-'));
  });

  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  for (const [version, ecosystem] of archived) {
    it(`fails ${version}: stored token, no id-token: write`, async () => {
      const out = join(scratch, version);
      await renderSkeleton(
        fileURLToPath(
          new URL(
            `../../examples/template-versions/${version}/skeleton`,
            import.meta.url,
          ),
        ),
        out,
        values,
      );
      const failures = checkGenerated(out, ecosystem, 'marker-7f3c');
      for (const expected of [
        /job report runs the golden-path CLI without permissions id-token: write/,
        /job deploy runs the golden-path CLI without permissions id-token: write/,
        /jobs\.report\.steps\[\d+\]\.env sets GOLDEN_PATH_TOKEN/,
        /jobs\.deploy\.steps\[\d+\]\.env sets GOLDEN_PATH_TOKEN/,
      ]) {
        assert.ok(
          failures.some(failure => expected.test(failure)),
          `expected ${expected} in ${JSON.stringify(failures)}`,
        );
      }
      // nothing else of the old workflow is wrong
      assert.equal(failures.length, 4, JSON.stringify(failures));
    });
  }
});

describe('render.mjs', () => {
  it('derives the CODEOWNERS team from the owner and repoUrl', () => {
    const text =
      "* @${{ values.repoUrl | parseRepoUrl | pick('owner') }}/${{ values.owner | parseEntityRef | pick('name') }}";
    assert.equal(
      renderText(text, values, 'CODEOWNERS'),
      '* @acme-corp/payments-team',
    );
  });

  it('refuses unknown expressions, filters, values and tags instead of rendering nothing', () => {
    assert.throws(
      () => renderText('${{ secrets.token }}', values, 'f'),
      /unsupported expression/,
    );
    assert.throws(
      () => renderText('${{ values.name | dump }}', values, 'f'),
      /unsupported filter/,
    );
    assert.throws(
      () => renderText('${{ values.missing }}', values, 'f'),
      /values.missing is not set/,
    );
    assert.throws(() => renderText('{% if x %}', values, 'f'), /nunjucks tags/);
  });
});

describe('checkTemplate', () => {
  it('matches ownership globs per path segment', () => {
    assert.ok(globToRegExp('k8s/**').test('k8s/deployment.yaml'));
    assert.ok(globToRegExp('*.go').test('main.go'));
    assert.ok(!globToRegExp('*.go').test('cmd/main.go'));
    assert.ok(!globToRegExp('Dockerfile').test('Dockerfile.dev'));
  });

  it('classifies every skeleton file of each template and finds its changelog', () => {
    for (const template of ['node-service', 'python-service', 'go-service']) {
      const dir = fileURLToPath(
        new URL(`../../templates/${template}`, import.meta.url),
      );
      assert.deepEqual(checkTemplate(dir), [], template);
    }
  });
});
