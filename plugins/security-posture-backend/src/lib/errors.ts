import { CustomErrorBase } from '@backstage/errors';

/**
 * A limit was reached: answered 429 with a `Retry-After` of {@link TooManyRequestsError.retryAfterSeconds}
 * (Backstage's error handler takes the status from `statusCode`; the plugin's router sets the header).
 *
 * @internal
 */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/**
 * The host app's configuration (a `securityPosture.*` value, or what the plugin needs from the
 * app) keeps the plugin from starting. Start-up stops with its message, which names the key; it
 * carries no stack, because the frames of the code that read the value say nothing to the person
 * who has to change it.
 *
 * @internal
 */
export class ConfigurationError extends Error {
  name = 'ConfigurationError' as const;

  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }

  /** An error from reading configuration (Backstage's own type errors name the key) as one of these. */
  static from(error: unknown): ConfigurationError {
    if (error instanceof ConfigurationError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ConfigurationError(message);
  }
}
