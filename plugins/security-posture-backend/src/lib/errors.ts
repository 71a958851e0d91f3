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
