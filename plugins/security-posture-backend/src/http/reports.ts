import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  securityPostureEnrollPermission,
  securityPostureReportUploadPermission,
  securityPostureScannersUpdatePermission,
} from '@golden-path/plugin-security-posture-common';
import { IngestService } from '../ingest/IngestService';
import { requireComponentRef } from '../lib/refs';
import { RateLimiter } from '../lib/RateLimiter';
import { PostureService } from '../posture/PostureService';
import { UploadBinding } from '../trust/UploadBinding';
import { HttpAccess, pathRef, principalRef } from './auth';
import { ReportAdmission } from './bodyParsers';
import { SecurityPostureRouter } from './routerType';

/** What an upload is checked against before its body is read. @internal */
export interface UploadGuards {
  binding: UploadBinding;
  /** Uploads per credential and minute. */
  rate: RateLimiter;
}

/**
 * Admits a report upload before its body is read: the caller (401), the upload permission (403),
 * what the caller may write (403: a CI identity token its repository's components and branch, a
 * static credential its scope), then the caller's upload rate (429).
 *
 * @internal
 */
export function reportAdmission(
  access: HttpAccess,
  guards: UploadGuards,
): ReportAdmission {
  return async (req, res) => {
    const credentials = await access.credentials(req, ['user', 'service']);
    await access.authorize(credentials, securityPostureReportUploadPermission);
    const entityRef = requireComponentRef(String(req.query.entityRef ?? ''));
    const branch =
      typeof req.query.branch === 'string' ? req.query.branch : undefined;
    await guards.binding.checkWrite(credentials, entityRef, branch);
    await guards.rate.take(`upload:${principalRef(credentials)}`);
    res.locals.reportCredentials = credentials;
  };
}

/**
 * `POST /v1/reports` (a scanner report for one component, admitted by {@link reportAdmission})
 * `POST /v1/components` (an enrollment, by a person or the scaffolder on a person's behalf) and
 * `PUT /v1/entities/{kind}/{namespace}/{name}/expected-scanners` (the owners' change of what a
 * component must be scanned by).
 *
 * @internal
 */
export function bindReports(
  router: SecurityPostureRouter,
  deps: { access: HttpAccess; ingest: IngestService; postures: PostureService },
): void {
  const { access, ingest, postures } = deps;

  router.post('/v1/reports', async (req, res) => {
    // refusals were decided before the body was read; they are answered here
    if (res.locals.reportRefusal) throw res.locals.reportRefusal;
    if (res.locals.reportBodyError) throw res.locals.reportBodyError;
    const credentials = res.locals
      .reportCredentials as unknown as BackstageCredentials;
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
    const credentials = await access.credentials(req);
    await access.authorize(credentials, securityPostureEnrollPermission);
    res.json(await postures.enroll(req.body, principalRef(credentials)));
  });

  // lowering what a component must be scanned by is its owners' decision (a resource permission)
  router.put(
    '/v1/entities/:kind/:namespace/:name/expected-scanners',
    async (req, res) => {
      const entityRef = pathRef(req.params);
      const credentials = await access.credentials(req);
      await access.authorize(
        credentials,
        securityPostureScannersUpdatePermission,
        {
          resourceRef: entityRef,
          denied: `not allowed to change what ${entityRef} must be scanned by (security-posture.component.scanners.update)`,
        },
      );
      res.json(
        await postures.setExpectedScanners(
          entityRef,
          req.body,
          principalRef(credentials),
        ),
      );
    },
  );
}
