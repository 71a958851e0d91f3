import { exportJWK, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/** GitHub Actions' issuer, as its ID tokens carry it. */
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
/** gitlab.com's issuer. */
const GITLAB_ISSUER = 'https://gitlab.com';
/** The audience the tests' jwks entries expect. */
const AUDIENCE = 'golden-path';

const SHA = 'a3f1c0de5b7e9d2c4f6a8b0c1d3e5f7a9b1c3d5e';

/**
 * Claims shaped like a GitHub Actions job's ID token (as GitHub documents them): `context` is what
 * follows the repository in `sub`, e.g. `ref:refs/heads/main` or `pull_request`.
 */
export function githubClaims(repository: string, context: string): JWTPayload {
  const ref = context.startsWith('ref:')
    ? context.slice(4)
    : 'refs/pull/7/merge';
  return {
    jti: randomUUID(),
    sub: `repo:${repository}:${context}`,
    aud: AUDIENCE,
    iss: GITHUB_ISSUER,
    ref,
    sha: SHA,
    repository,
    repository_owner: repository.split('/')[0],
    repository_visibility: 'private',
    run_id: '9876543210',
    run_number: '42',
    run_attempt: '1',
    actor: 'octocat',
    workflow: 'ci',
    event_name: context === 'pull_request' ? 'pull_request' : 'push',
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    workflow_ref: `${repository}/.github/workflows/ci.yaml@${ref}`,
    job_workflow_ref: `${repository}/.github/workflows/ci.yaml@${ref}`,
    runner_environment: 'github-hosted',
  };
}

/** Claims shaped like a GitLab CI job's `id_tokens:` token on a branch. */
export function gitlabClaims(project: string, branch: string): JWTPayload {
  return {
    jti: randomUUID(),
    sub: `project_path:${project}:ref_type:branch:ref:${branch}`,
    aud: AUDIENCE,
    iss: GITLAB_ISSUER,
    namespace_path: project.split('/').slice(0, -1).join('/'),
    project_path: project,
    pipeline_source: 'push',
    ref: branch,
    ref_type: 'branch',
    ref_path: `refs/heads/${branch}`,
    ref_protected: 'true',
    sha: SHA,
    runner_environment: 'gitlab-hosted',
  };
}

/** A JWKS endpoint on 127.0.0.1 serving one RS256 key, and a minter of tokens it verifies. */
export interface IdentityTokenIssuer {
  jwksUrl: string;
  /** A token signed with the served key; `expiresIn` seconds from now (negative: expired). */
  mint(claims: JWTPayload, options?: { expiresIn?: number }): Promise<string>;
  /** A token signed with another key (a forgery the JWKS does not verify). */
  forge(claims: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

/** Starts a JWKS endpoint like GitHub's and GitLab's, on a free loopback port. Test use only. */
export async function startIdentityTokenIssuer(): Promise<IdentityTokenIssuer> {
  const kid = 'golden-path-test-key';
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = {
    ...(await exportJWK(publicKey)),
    kid,
    alg: 'RS256',
    use: 'sig',
  };
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const sign = (claims: JWTPayload, key: KeyLike, expiresIn = 300) => {
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = expiresIn > 0 ? now : now + expiresIn - 600;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(now + expiresIn)
      .sign(key);
  };
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks`,
    mint: (claims, options) => sign(claims, privateKey, options?.expiresIn),
    forge: claims => sign(claims, other.privateKey),
    close: () => new Promise(r => server.close(() => r())),
  };
}

/** `backend.auth.externalAccess` entries that verify the issuer's tokens as GitHub's and GitLab's. */
export function identityTokenAccess(jwksUrl: string) {
  return [
    {
      type: 'jwks',
      options: {
        url: jwksUrl,
        issuer: GITHUB_ISSUER,
        algorithm: 'RS256',
        audience: AUDIENCE,
        subjectPrefix: 'github-actions',
      },
      accessRestrictions: [{ plugin: 'security-posture' }],
    },
    {
      type: 'jwks',
      options: {
        url: jwksUrl,
        issuer: GITLAB_ISSUER,
        algorithm: 'RS256',
        audience: AUDIENCE,
        subjectPrefix: 'gitlab-ci',
      },
      accessRestrictions: [{ plugin: 'security-posture' }],
    },
  ];
}
