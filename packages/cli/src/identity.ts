import { errorMessage, RetryOptions, withRetries } from './http';
import { CliError, CliIo, connection, Secrets } from './io';

/** The audience asked for by default; the `audience` of Backstage's `jwks` entry must match it. */
export const DEFAULT_AUDIENCE = 'golden-path';

/** How a CI job proves who it is when no static token is given. */
export interface IdentityOptions {
  /** The audience of the GitHub Actions token (env GOLDEN_PATH_AUDIENCE). */
  audience?: string;
  /** The environment variable holding an identity token, e.g. GitLab's `id_tokens:` (env GOLDEN_PATH_ID_TOKEN_VARIABLE). */
  idTokenVariable?: string;
}

const GITHUB_HINT =
  'the job needs "permissions: id-token: write" (on the job or the workflow) for GitHub Actions to issue identity tokens';

const NO_TOKEN =
  'no token: pass --token or set GOLDEN_PATH_TOKEN (a Backstage static or external-access token), ' +
  'or use a CI identity token: in GitHub Actions give the job "permissions: id-token: write" ' +
  '(the token is fetched for --audience, default golden-path); in GitLab CI declare it under the ' +
  "job's id_tokens: as GOLDEN_PATH_ID_TOKEN, or name its variable with --id-token-variable " +
  '(env GOLDEN_PATH_ID_TOKEN_VARIABLE)';

/**
 * The URL GitHub's token endpoint is asked at: `ACTIONS_ID_TOKEN_REQUEST_URL` (which has a query
 * already) with the audience appended, URL-encoded.
 */
export function githubTokenUrl(requestUrl: string, audience: string): string {
  let separator = '&';
  if (!requestUrl.includes('?')) separator = '?';
  else if (/[?&]$/.test(requestUrl)) separator = '';
  return `${requestUrl}${separator}audience=${encodeURIComponent(audience)}`;
}

/** Asks GitHub Actions for the job's OIDC identity token (`{"value": "<jwt>"}`). */
async function githubIdentityToken(
  audience: string,
  io: CliIo,
  retry: RetryOptions,
  secrets: Secrets,
): Promise<string> {
  const requestUrl = io.env.ACTIONS_ID_TOKEN_REQUEST_URL!;
  const requestToken = io.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN!;
  secrets.add(requestToken);
  const fail = (why: string) =>
    new CliError(
      `could not get an identity token from GitHub Actions (${why}): ${GITHUB_HINT}`,
    );
  if (!/^https?:\/\//.test(requestUrl)) {
    throw fail('ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL');
  }
  const doFetch = io.fetch ?? fetch;
  let response: Response;
  try {
    response = await withRetries(
      () =>
        doFetch(githubTokenUrl(requestUrl, audience), {
          headers: {
            Authorization: `Bearer ${requestToken}`,
            Accept: 'application/json',
          },
        }),
      {
        ...retry,
        target: "GitHub Actions' identity token endpoint",
        onRetry: info =>
          io.stderr.write(
            `identity token: ${info.reason}, retrying in ${
              Math.round(info.delayMs / 100) / 10
            } s\n`,
          ),
      },
    );
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    throw fail(await errorMessage(response));
  }
  let value: unknown;
  try {
    value = ((await response.json()) as { value?: unknown })?.value;
  } catch {
    throw fail('its answer is not JSON');
  }
  if (typeof value !== 'string' || !value) {
    throw fail('its answer has no token value');
  }
  secrets.add(value);
  return value;
}

/**
 * The CI identity token to present when no static token is given: the variable
 * `--id-token-variable` names, else `GOLDEN_PATH_ID_TOKEN`, else in GitHub Actions one fetched for
 * the audience. Undefined when there is none. Every token found is added to `secrets`.
 */
async function identityToken(
  options: IdentityOptions,
  io: CliIo,
  retry: RetryOptions,
  secrets: Secrets,
): Promise<string | undefined> {
  const env = io.env;
  const variable = options.idTokenVariable || env.GOLDEN_PATH_ID_TOKEN_VARIABLE;
  if (variable) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
      throw new CliError(
        `--id-token-variable must name an environment variable (got ${JSON.stringify(
          variable,
        )})`,
      );
    }
    const value = env[variable]?.trim();
    secrets.add(env[variable], value);
    if (!value) {
      throw new CliError(
        `the identity token variable ${variable} (from --id-token-variable or GOLDEN_PATH_ID_TOKEN_VARIABLE) is empty or not set: ` +
          `declare it under the job's id_tokens: (${variable}: { aud: ${DEFAULT_AUDIENCE} })`,
      );
    }
    return value;
  }
  const fromEnv = env.GOLDEN_PATH_ID_TOKEN?.trim();
  if (fromEnv) {
    secrets.add(env.GOLDEN_PATH_ID_TOKEN, fromEnv);
    return fromEnv;
  }
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    const audience =
      options.audience || env.GOLDEN_PATH_AUDIENCE || DEFAULT_AUDIENCE;
    return githubIdentityToken(audience, io, retry, secrets);
  }
  return undefined;
}

/**
 * The Backstage URL, entity and the token to present: the static one (`--token`,
 * `GOLDEN_PATH_TOKEN`), else the CI job's identity token ({@link identityToken}).
 */
export async function resolveConnection(
  options: IdentityOptions & { url?: string; token?: string; entity?: string },
  io: CliIo,
  retry: RetryOptions,
  secrets: Secrets,
  needs: { entity: boolean },
): Promise<{ url: string; token: string; entity: string }> {
  const resolved = connection(options, io.env, needs);
  secrets.add(options.token, resolved.token);
  if (resolved.token) return resolved;
  const token = await identityToken(options, io, retry, secrets);
  if (!token) {
    if (io.env.GITHUB_ACTIONS === 'true') {
      throw new CliError(
        `no token: GitHub Actions offers this job no identity token; ${GITHUB_HINT} (or pass --token / set GOLDEN_PATH_TOKEN)`,
      );
    }
    throw new CliError(NO_TOKEN);
  }
  return { ...resolved, token };
}
