/** Where the CLI writes and what it reads from its environment (injected in tests). */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** The fetch the HTTP calls use (global fetch by default). */
  fetch?: typeof fetch;
  /** How the CLI waits between retries (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

/** A failure that ends the command with exit code 2 and this message (never the token). */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit codes, as `--help` documents them. */
export const EXIT = { ok: 0, deny: 1, error: 2 } as const;

/** Values that must never be printed: tokens, and the credential that requests identity tokens. */
export class Secrets {
  private readonly values = new Set<string>();

  /** Adds values to hide (empty and missing ones are ignored). */
  add(...values: (string | undefined)[]): this {
    for (const value of values) if (value) this.values.add(value);
    return this;
  }

  /** `text` with every secret replaced by `***`. */
  redact(text: string): string {
    return redact(text, this.values);
  }
}

/** The Backstage URL and entity from flags, else from the environment; a static token if given. */
export function connection(
  options: { url?: string; token?: string; entity?: string },
  env: CliIo['env'],
  needs: { entity: boolean },
) {
  const url = (options.url ?? env.GOLDEN_PATH_URL ?? '').replace(/\/+$/, '');
  const token = options.token || env.GOLDEN_PATH_TOKEN || '';
  const entity = options.entity ?? env.GOLDEN_PATH_ENTITY ?? '';
  if (!url) {
    throw new CliError(
      'no Backstage URL: pass --url or set GOLDEN_PATH_URL (e.g. https://backstage.example.com)',
    );
  }
  if (!/^https?:\/\//.test(url)) {
    throw new CliError(
      `the Backstage URL must start with http:// or https:// (got ${url})`,
    );
  }
  if (needs.entity && !entity) {
    throw new CliError(
      'no entity: pass --entity or set GOLDEN_PATH_ENTITY (e.g. component:default/payments-api)',
    );
  }
  return { url, token, entity };
}

/** Removes every secret (a token, or several) from any text before it is printed. */
export function redact(
  text: string,
  secrets: string | Iterable<string | undefined>,
): string {
  const values = (typeof secrets === 'string' ? [secrets] : [...secrets])
    .filter((s): s is string => Boolean(s))
    // the longest first, so a secret that contains another is hidden whole
    .sort((a, b) => b.length - a.length);
  return values.reduce((out, secret) => out.split(secret).join('***'), text);
}
