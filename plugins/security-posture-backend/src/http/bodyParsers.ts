import express from 'express';
import { PostureConfig } from '../config';
import { ReportInputError } from '../parsers/errors';

/**
 * Decides whether a report upload is admitted before a byte of its body is read: who the caller
 * is, the upload permission, what the caller may write, and the caller's upload rate. Throws the
 * refusal.
 *
 * @internal
 */
export type ReportAdmission = (
  req: express.Request,
  res: express.Response,
) => Promise<void>;

/**
 * Reads a report body as raw bytes (the safe reader parses it), other bodies as JSON. A report is
 * first admitted (`admit`): a refused caller's body is drained unread, and so is a body over the
 * limit. Each refusal waits in `res.locals` for the handler to throw (errors passed to `next` here
 * would be rewritten to 400 by the validator).
 *
 * @internal
 */
export function bodyParsers(
  limits: PostureConfig['limits'],
  admit?: ReportAdmission,
): express.RequestHandler[] {
  const raw = express.raw({ type: () => true, limit: limits.maxBytes });
  const json = express.json({ limit: '1mb' });
  const tooLarge = (size?: number) =>
    new ReportInputError(
      'too-large',
      `report is ${
        size === undefined ? 'larger than' : `${size} bytes, over`
      } the limit of ${
        limits.maxBytes
      } bytes (securityPosture.ingest.maxBodyBytes)`,
    );
  return [
    (req, res, next) => {
      if (req.method !== 'POST' || req.path !== '/v1/reports') {
        json(req, res, next);
        return;
      }
      (admit ? admit(req, res) : Promise.resolve()).then(
        () => readReport(req, res, next),
        error => {
          res.locals.reportRefusal = error;
          req.resume();
          next();
        },
      );
    },
  ];

  function readReport(
    req: express.Request,
    res: express.Response,
    next: express.NextFunction,
  ) {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      res.locals.reportBodyError = tooLarge(declared);
      req.resume();
      next();
      return;
    }
    raw(req, res, err => {
      if (err && (err as { type?: string }).type === 'entity.too.large') {
        res.locals.reportBodyError = tooLarge();
        next();
        return;
      }
      next(err);
    });
  }
}
