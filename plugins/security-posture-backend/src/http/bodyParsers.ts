import express from 'express';
import { PostureConfig } from '../config';
import { ReportInputError } from '../parsers/errors';

/**
 * Reads a report body as raw bytes (the safe reader parses it), other bodies as JSON. A body over
 * the limit is not read; the error waits in `res.locals` for the handler to throw after the caller
 * is authorized (errors passed to `next` here would be rewritten to 400 by the validator).
 *
 * @internal
 */
export function bodyParsers(
  limits: PostureConfig['limits'],
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
    },
  ];
}
