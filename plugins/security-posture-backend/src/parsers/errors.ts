/**
 * Why a report was refused:
 * - `empty`, `malformed-json`: 400
 * - `too-large`: 413
 * - `too-deep`, `string-too-long`, `forbidden-key`, `unknown-format`, `invalid-report`: 422
 *
 * @public
 */
export type ReportErrorCode =
  | 'empty'
  | 'malformed-json'
  | 'too-large'
  | 'too-deep'
  | 'string-too-long'
  | 'forbidden-key'
  | 'unknown-format'
  | 'invalid-report';

const STATUS: Record<ReportErrorCode, 400 | 413 | 422> = {
  empty: 400,
  'malformed-json': 400,
  'too-large': 413,
  'too-deep': 422,
  'string-too-long': 422,
  'forbidden-key': 422,
  'unknown-format': 422,
  'invalid-report': 422,
};

/**
 * A report that cannot be accepted. `statusCode` is the HTTP status to answer with (Backstage's
 * error handler uses it); the message names the problem and never quotes report content.
 *
 * @public
 */
export class ReportInputError extends Error {
  readonly code: ReportErrorCode;
  readonly statusCode: 400 | 413 | 422;

  constructor(code: ReportErrorCode, message: string) {
    super(message);
    this.name = 'ReportInputError';
    this.code = code;
    this.statusCode = STATUS[code];
  }
}

/** Whether an error is a {@link ReportInputError}. @public */
export function isReportInputError(error: unknown): error is ReportInputError {
  return error instanceof ReportInputError;
}
