import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import securityPosturePlugin from '@golden-path/plugin-security-posture-backend';
import { exportJWK, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { githubTokenUrl } from './identity';
import { redact } from './io';
import { run } from './run';
import {
  fixture,
  PAYMENTS,
  paymentsEntities,
} from './__testUtils__/backendFixtures';

jest.setTimeout(120_000);

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const GITLAB_ISSUER = 'https://gitlab.com';
const AUDIENCE = 'golden-path';
const SHA = 'a3f1c0de5b7e9d2c4f6a8b0c1d3e5f7a9b1c3d5e';

const entities = paymentsEntities({
  'github.com/project-slug': 'acme/payments-api',
  'gitlab.com/project-slug': 'acme/payments-api',
});

/** Claims shaped like those of a GitHub Actions job of a push to main (the audience asked for). */
function githubClaims(audience: string): JWTPayload {
  return {
    jti: randomUUID(),
    sub: 'repo:acme/payments-api:ref:refs/heads/main',
    aud: audience,
    ref: 'refs/heads/main',
    sha: SHA,
    repository: 'acme/payments-api',
    repository_owner: 'acme',
    repository_owner_id: '1234567',
    repository_id: '7654321',
    repository_visibility: 'private',
    run_id: '9876543210',
    run_number: '42',
    run_attempt: '1',
    actor: 'octocat',
    actor_id: '583231',
    workflow: 'ci',
    head_ref: '',
    base_ref: '',
    event_name: 'push',
    ref_protected: 'true',
    ref_type: 'branch',
    workflow_ref: 'acme/payments-api/.github/workflows/ci.yaml@refs/heads/main',
    workflow_sha: SHA,
    job_workflow_ref:
      'acme/payments-api/.github/workflows/ci.yaml@refs/heads/main',
    job_workflow_sha: SHA,
    runner_environment: 'github-hosted',
    iss: GITHUB_ISSUER,
  };
}

/** Claims shaped like those of a GitLab CI job's `id_tokens:` token on branch main. */
function gitlabClaims(): JWTPayload {
  return {
    jti: randomUUID(),
    sub: 'project_path:acme/payments-api:ref_type:branch:ref:main',
    aud: AUDIENCE,
    namespace_id: '72',
    namespace_path: 'acme',
    project_id: '20',
    project_path: 'acme/payments-api',
    user_id: '1',
    user_login: 'sample-user',
    user_email: 'sample-user@example.com',
    pipeline_id: '574',
    pipeline_source: 'push',
    job_id: '302',
    ref: 'main',
    ref_type: 'branch',
    ref_path: 'refs/heads/main',
    ref_protected: 'true',
    runner_id: '1',
    runner_environment: 'gitlab-hosted',
    sha: SHA,
    project_visibility: 'private',
    ci_config_ref_uri:
      'gitlab.com/acme/payments-api//.gitlab-ci.yml@refs/heads/main',
    ci_config_sha: SHA,
    iss: GITLAB_ISSUER,
  };
}

let privateKey: KeyLike;
const KID = 'golden-path-test-key';

/** A JWT signed with the test's RS256 key; `expiresIn` seconds from now (negative: expired). */
async function mint(claims: JWTPayload, expiresIn = 300): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = expiresIn > 0 ? now : now + expiresIn - 600;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(now + expiresIn)
    .sign(privateKey);
}

/** What GitHub's token endpoint stand-in received, and how it answers the next requests. */
const endpoint = {
  requests: [] as { url: string; authorization?: string }[],
  /** The answer: a token minted for the audience asked for (or a fixed status and body). */
  answer: async (
    audience: string,
  ): Promise<{ status: number; body: string }> => ({
    status: 200,
    body: JSON.stringify({
      count: 1,
      value: await mint(githubClaims(audience)),
    }),
  }),
  /** Every token it handed out. */
  issued: [] as string[],
};

/** The CLI as a real process (its bin), with only the given CI environment. */
async function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !/^(GOLDEN_PATH_|ACTIONS_|GITHUB_|GITLAB_|CI_)/.test(key) &&
        key !== 'CI',
    ),
  );
  const child = spawn(
    process.execPath,
    [path.resolve(__dirname, '../bin/golden-path'), ...args],
    { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', d => (stdout += d));
  child.stderr.on('data', d => (stderr += d));
  const code = await new Promise<number | null>(r => child.on('close', r));
  return { code, stdout, stderr };
}

/** Captured output of one in-process CLI run. */
function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: (env: Record<string, string | undefined>) => ({
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
      env,
      sleep: async () => {},
    }),
  };
}

describe('golden-path with CI identity tokens, against a backend that verifies them (jwks)', () => {
  let stand: http.Server;
  let standUrl: string;
  let baseUrl: string;
  const requestToken = `ghs_request_${randomBytes(16).toString('hex')}`;
  let githubEnv: Record<string, string>;

  beforeAll(async () => {
    const keys = await generateKeyPair('RS256');
    privateKey = keys.privateKey;
    const jwk = {
      ...(await exportJWK(keys.publicKey)),
      kid: KID,
      alg: 'RS256',
      use: 'sig',
    };

    // the JWKS of both issuers, and GitHub Actions' token endpoint, on 127.0.0.1
    stand = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://127.0.0.1');
      if (
        url.pathname === '/github/.well-known/jwks' ||
        url.pathname === '/gitlab/oauth/discovery/keys'
      ) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk] }));
        return;
      }
      if (url.pathname === '/github/idtoken') {
        endpoint.requests.push({
          url: req.url!,
          authorization: req.headers.authorization,
        });
        const authorized =
          req.headers.authorization === `Bearer ${requestToken}`;
        void (
          authorized
            ? endpoint.answer(url.searchParams.get('audience') ?? '')
            : Promise.resolve({ status: 401, body: 'Unauthorized' })
        ).then(({ status, body }) => {
          const value = /"value":"([^"]+)"/.exec(body)?.[1];
          if (value) endpoint.issued.push(value);
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(body);
        });
        return;
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>(r => stand.listen(0, '127.0.0.1', r));
    standUrl = `http://127.0.0.1:${(stand.address() as AddressInfo).port}`;

    const backend = await startTestBackend({
      features: [
        securityPosturePlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              auth: {
                externalAccess: [
                  {
                    type: 'jwks',
                    options: {
                      url: `${standUrl}/github/.well-known/jwks`,
                      issuer: GITHUB_ISSUER,
                      audience: AUDIENCE,
                      subjectPrefix: 'github-actions',
                    },
                    accessRestrictions: [{ plugin: 'security-posture' }],
                  },
                  {
                    type: 'jwks',
                    options: {
                      url: `${standUrl}/gitlab/oauth/discovery/keys`,
                      issuer: GITLAB_ISSUER,
                      audience: AUDIENCE,
                      subjectPrefix: 'gitlab-ci',
                    },
                    accessRestrictions: [{ plugin: 'security-posture' }],
                  },
                ],
              },
            },
            securityPosture: { notifications: { enabled: false } },
          },
        }),
        // Backstage's own auth and httpAuth (not the test mocks): the jwks entries verify the tokens
        authServiceFactory,
        httpAuthServiceFactory,
      ],
    });
    baseUrl = `http://localhost:${
      (backend.server.address() as AddressInfo).port
    }`;
    githubEnv = {
      GOLDEN_PATH_URL: baseUrl,
      GITHUB_ACTIONS: 'true',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: SHA,
      ACTIONS_ID_TOKEN_REQUEST_URL: `${standUrl}/github/idtoken?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
    };
  });

  afterAll(async () => {
    await new Promise(r => stand.close(r));
  });

  beforeEach(() => {
    endpoint.requests = [];
    endpoint.issued = [];
    endpoint.answer = async audience => ({
      status: 200,
      body: JSON.stringify({
        count: 1,
        value: await mint(githubClaims(audience)),
      }),
    });
  });

  /**
   * What the backend has stored of a report: its answer to the same report uploaded again (in
   * process, with a fresh GitLab identity token): the counts of new and unchanged findings.
   */
  async function storedCounts(
    report: string,
  ): Promise<{ new: number; unchanged: number }> {
    const { out, io } = capture();
    const code = await run(
      ['upload', '--entity', PAYMENTS, '--branch', 'main', '--json', report],
      io({
        GOLDEN_PATH_URL: baseUrl,
        GOLDEN_PATH_ID_TOKEN: await mint(gitlabClaims()),
      }),
    );
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    return JSON.parse(out.stdout)[0].result.counts;
  }

  it('GitHub Actions: fetches the job identity token for the audience, and the upload is accepted without a stored secret', async () => {
    const { code, stdout, stderr } = await cli(
      [
        'upload',
        '--entity',
        PAYMENTS,
        fixture('gitleaks/gitleaks_json_simple.json'),
      ],
      githubEnv,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /gitleaks_json_simple\.json: gitleaks \(gitleaks\) on main: 1 new, 0 unchanged/,
    );

    // GitHub's endpoint was asked once, for the audience, with the request token
    expect(endpoint.requests).toEqual([
      {
        url: '/github/idtoken?api-version=2.0&audience=golden-path',
        authorization: `Bearer ${requestToken}`,
      },
    ]);
    expect(endpoint.issued).toHaveLength(1);
    expect(stdout + stderr).not.toContain(endpoint.issued[0]);
    expect(stdout + stderr).not.toContain(requestToken);

    // the backend stored the finding: the same report again changes nothing
    expect(
      await storedCounts(fixture('gitleaks/gitleaks_json_simple.json')),
    ).toMatchObject({ new: 0, unchanged: 1 });
  });

  it('asks the gate with the fetched token, and URL-encodes another --audience (which the jwks entry refuses)', async () => {
    const gate = await cli(['gate', '--entity', PAYMENTS], githubEnv);
    expect(gate.stdout).toMatch(
      /^component:default\/payments-api: (ALLOW|WARN|DENY)/,
    );
    expect([0, 1]).toContain(gate.code);

    endpoint.requests = [];
    const { out, io } = capture();
    const code = await run(
      ['gate', '--entity', PAYMENTS, '--audience', 'other aud/x'],
      io(githubEnv),
    );
    expect(endpoint.requests.map(r => r.url)).toEqual([
      '/github/idtoken?api-version=2.0&audience=other%20aud%2Fx',
    ]);
    expect(code).toBe(2);
    expect(out.stderr).toMatch(/401/);
    expect(out.stderr).not.toContain(
      endpoint.issued[endpoint.issued.length - 1],
    );
  });

  it('an expired identity token: exit 2 with the 401, printing neither token', async () => {
    endpoint.answer = async audience => ({
      status: 200,
      body: JSON.stringify({
        count: 1,
        value: await mint(githubClaims(audience), -120),
      }),
    });
    const { code, stdout, stderr } = await cli(
      [
        'upload',
        '--entity',
        PAYMENTS,
        fixture('gitleaks/gitleaks_json_simple.json'),
      ],
      githubEnv,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/upload failed: 401/);
    expect(endpoint.issued).toHaveLength(1);
    expect(stdout + stderr).not.toContain(endpoint.issued[0]);
    expect(stdout + stderr).not.toContain(requestToken);
  });

  it('GitLab CI: takes the token from the variable --id-token-variable names (or GOLDEN_PATH_ID_TOKEN)', async () => {
    const token = await mint(gitlabClaims());
    const { code, stdout, stderr } = await cli(
      [
        'upload',
        '--entity',
        PAYMENTS,
        '--id-token-variable',
        'GITLAB_OIDC_TOKEN',
        fixture('trivy/trivy_fs_npm.json'),
      ],
      {
        GOLDEN_PATH_URL: baseUrl,
        GITLAB_CI: 'true',
        CI_COMMIT_REF_NAME: 'main',
        CI_COMMIT_SHA: SHA,
        GITLAB_OIDC_TOKEN: token,
      },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /trivy_fs_npm\.json: trivy \(trivy\) on main: \d+ new/,
    );
    expect(stdout).not.toContain(token);
    const added = Number(/on main: (\d+) new/.exec(stdout)![1]);
    expect(added).toBeGreaterThan(0);
    expect(
      await storedCounts(fixture('trivy/trivy_fs_npm.json')),
    ).toMatchObject({ new: 0, unchanged: added });

    // the default variable, GOLDEN_PATH_ID_TOKEN
    const byDefault = capture();
    expect(
      await run(
        ['gate', '--entity', PAYMENTS, '--json'],
        byDefault.io({
          GOLDEN_PATH_URL: baseUrl,
          GOLDEN_PATH_ID_TOKEN: await mint(gitlabClaims()),
        }),
      ),
    ).not.toBe(2);
    expect(JSON.parse(byDefault.out.stdout).entityRef).toBe(PAYMENTS);

    // a named variable that is not set
    const missing = capture();
    expect(
      await run(
        ['gate', '--entity', PAYMENTS],
        missing.io({
          GOLDEN_PATH_URL: baseUrl,
          GOLDEN_PATH_ID_TOKEN_VARIABLE: 'SP_ID_TOKEN',
          GOLDEN_PATH_ID_TOKEN: 'ignored',
        }),
      ),
    ).toBe(2);
    expect(missing.out.stderr).toMatch(
      /identity token variable SP_ID_TOKEN .*is empty or not set/,
    );
  });

  it('GitHub endpoint without a token: exit 2 with the id-token: write hint, never printing the request token', async () => {
    endpoint.answer = async () => ({
      status: 404,
      body: JSON.stringify({ message: `no token for ${requestToken}` }),
    });
    const notFound = await cli(['gate', '--entity', PAYMENTS], githubEnv);
    expect(notFound.code).toBe(2);
    expect(notFound.stderr).toMatch(
      /could not get an identity token from GitHub Actions \(404.*\): the job needs "permissions: id-token: write"/,
    );
    expect(notFound.stdout + notFound.stderr).not.toContain(requestToken);

    // an answer without a value
    endpoint.answer = async () => ({ status: 200, body: '{"count":0}' });
    const empty = capture();
    expect(await run(['gate', '--entity', PAYMENTS], empty.io(githubEnv))).toBe(
      2,
    );
    expect(empty.out.stderr).toMatch(
      /no token value\): the job needs "permissions: id-token: write"/,
    );

    // an endpoint that cannot be reached, after the retries
    const closed = http.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(r => closed.close(r));
    const unreachable = capture();
    expect(
      await run(
        ['upload', '--entity', PAYMENTS, '--retries', '1', 'report.json'],
        unreachable.io({
          ...githubEnv,
          ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/idtoken?api-version=2.0`,
        }),
      ),
    ).toBe(2);
    expect(unreachable.out.stderr).toMatch(
      /identity token: ECONNREFUSED, retrying/,
    );
    expect(unreachable.out.stderr).toMatch(
      /cannot reach GitHub Actions' identity token endpoint \(ECONNREFUSED\)\): the job needs "permissions: id-token: write"/,
    );
    expect(unreachable.out.stderr).not.toContain(requestToken);
  });

  it('without any token says how to give one, identity tokens included', async () => {
    const none = capture();
    expect(
      await run(
        ['gate', '--entity', PAYMENTS],
        none.io({ GOLDEN_PATH_URL: baseUrl }),
      ),
    ).toBe(2);
    expect(none.out.stderr).toMatch(
      /no token: pass --token or set GOLDEN_PATH_TOKEN/,
    );
    expect(none.out.stderr).toMatch(/permissions: id-token: write/);
    expect(none.out.stderr).toMatch(/--id-token-variable/);

    // GitHub Actions without id-token: write has no request URL
    const noPermission = capture();
    expect(
      await run(
        ['gate', '--entity', PAYMENTS],
        noPermission.io({ GOLDEN_PATH_URL: baseUrl, GITHUB_ACTIONS: 'true' }),
      ),
    ).toBe(2);
    expect(noPermission.out.stderr).toMatch(
      /GitHub Actions offers this job no identity token; the job needs "permissions: id-token: write"/,
    );
  });

  it('a static token still wins over the identity token', async () => {
    const { out, io } = capture();
    const secret = 'static-token-value-that-backstage-does-not-know';
    expect(
      await run(
        ['gate', '--entity', PAYMENTS, '--token', secret],
        io(githubEnv),
      ),
    ).toBe(2);
    expect(endpoint.requests).toHaveLength(0);
    expect(out.stderr).toMatch(/401/);
    expect(out.stderr).not.toContain(secret);
  });
});

describe('identity helpers', () => {
  it('appends the audience to the request URL with ? or &, URL-encoded', () => {
    expect(
      githubTokenUrl(
        'https://x.example/idtoken?api-version=2.0',
        'golden-path',
      ),
    ).toBe('https://x.example/idtoken?api-version=2.0&audience=golden-path');
    expect(githubTokenUrl('https://x.example/idtoken', 'a b&c')).toBe(
      'https://x.example/idtoken?audience=a%20b%26c',
    );
    expect(githubTokenUrl('https://x.example/idtoken?', 'aud')).toBe(
      'https://x.example/idtoken?audience=aud',
    );
  });

  it('redacts every secret, the longest first', () => {
    expect(
      redact('a token1 and token12 and req', [
        'token1',
        'token12',
        'req',
        undefined,
        '',
      ]),
    ).toBe('a *** and *** and ***');
    expect(redact('nothing here', 'secret')).toBe('nothing here');
  });
});
