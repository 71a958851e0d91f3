import { CliError } from './io';

/** Retry policy of every call to Backstage. */
export interface RetryOptions {
  /** Attempts after the first. */
  retries: number;
  /** First delay in ms; doubled each attempt, with up to 50% jitter, capped at 30 s. */
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  /** What is called, for the message when it cannot be reached (default: Backstage). */
  target?: string;
  onRetry?: (info: {
    attempt: number;
    delayMs: number;
    reason: string;
  }) => void;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/**
 * Calls `attempt` until it answers something other than 429 or 5xx, or the retries run out.
 * Connection errors are retried too; other 4xx answers are returned at once (retrying a request
 * the server refused would change nothing).
 */
export async function withRetries(
  attempt: () => Promise<Response>,
  options: RetryOptions,
): Promise<Response> {
  for (let n = 0; ; n++) {
    let response: Response | undefined;
    let reason: string;
    try {
      response = await attempt();
      if (response.status !== 429 && response.status < 500) return response;
      reason = `HTTP ${response.status}`;
    } catch (error) {
      reason =
        (error as { cause?: { code?: string } }).cause?.code ?? String(error);
      if (n >= options.retries) {
        throw new CliError(
          `cannot reach ${options.target ?? 'Backstage'} (${reason})`,
        );
      }
    }
    if (n >= options.retries) return response!;
    const backoff = Math.min(30_000, options.baseDelayMs * 2 ** n);
    const jittered = backoff + Math.round(Math.random() * backoff * 0.5);
    const delayMs =
      response?.status === 429
        ? retryAfterMs(response.headers.get('retry-after')) ?? jittered
        : jittered;
    // drain the body so the connection can be reused
    await response?.arrayBuffer().catch(() => undefined);
    options.onRetry?.({ attempt: n + 1, delayMs, reason });
    await options.sleep(delayMs);
  }
}

/** The message of a Backstage error answer (`{ error: { message } }`), else the status. */
export async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (typeof body?.error?.message === 'string') {
      return `${response.status} ${body.error.name ?? ''}: ${
        body.error.message
      }`.replace(' : ', ': ');
    }
  } catch {
    // not JSON
  }
  return `${response.status} ${
    response.statusText || text.slice(0, 200)
  }`.trim();
}
