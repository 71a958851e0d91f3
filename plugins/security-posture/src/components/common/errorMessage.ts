import { ResponseError } from '@backstage/errors';

/** What the server said was wrong (its error message), else the error's own message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body.error.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
