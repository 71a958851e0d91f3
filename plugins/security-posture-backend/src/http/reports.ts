import {
  securityPostureEnrollPermission,
  securityPostureReportUploadPermission,
} from '@golden-path/plugin-security-posture-common';
import { IngestService } from '../ingest/IngestService';
import { PostureService } from '../posture/PostureService';
import { HttpAccess, principalRef } from './auth';
import { SecurityPostureRouter } from './routerType';

/**
 * `POST /v1/reports` (a scanner report for one component) and `POST /v1/components` (an
 * enrollment from the scaffolder).
 *
 * @internal
 */
export function bindReports(
  router: SecurityPostureRouter,
  deps: { access: HttpAccess; ingest: IngestService; postures: PostureService },
): void {
  const { access, ingest, postures } = deps;

  router.post('/v1/reports', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureReportUploadPermission,
    );
    // a body over the limit was not read; it is refused only once the caller is authorized
    if (res.locals.reportBodyError) {
      throw res.locals.reportBodyError;
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await ingest.ingest({
      entityRef: req.query.entityRef,
      body,
      format: req.query.format,
      branch: req.query.branch,
      commit: req.query.commit,
      complete:
        req.query.complete === undefined
          ? undefined
          : String(req.query.complete) !== 'false',
      uploadedBy: principalRef(credentials),
    });
    res.status(201).json(result);
  });

  router.post('/v1/components', async (req, res) => {
    await access.require(req, securityPostureEnrollPermission);
    res.json(await postures.enroll(req.body));
  });
}
