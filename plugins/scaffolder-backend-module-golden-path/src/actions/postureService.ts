import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/**
 * Calls the security-posture backend on behalf of the person who runs the task (a fresh token per
 * call), and answers its JSON; a refusal is an InputError that carries the backend's message.
 */
export async function callPostureService(
  services: { discovery: DiscoveryService; auth: AuthService },
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<any> {
  const baseUrl = await services.discovery.getBaseUrl('security-posture');
  const { token } = await services.auth.getPluginRequestToken({
    onBehalfOf: await ctx.getInitiatorCredentials(),
    targetPluginId: 'security-posture',
  });
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const message =
      typeof json?.error?.message === 'string'
        ? json.error.message
        : text.replace(/\s+/g, ' ').slice(0, 300);
    throw new InputError(
      `the upgrade service refused (${response.status}): ${message}`,
    );
  }
  return json;
}
