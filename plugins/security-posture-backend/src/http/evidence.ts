import { securityPostureEvidenceReadPermission } from '@golden-path/plugin-security-posture-common';
import { EvidenceService } from '../evidence/EvidenceService';
import { HttpAccess, principalRef } from './auth';
import { SecurityPostureRouter } from './routerType';

/**
 * `GET /v1/evidence`: the compliance evidence of a period and a scope, for holders of
 * security-posture.evidence.read (a basic permission, as the audit log's); JSON, CSV or a
 * printable HTML report, with the SHA-256 digest of the bytes served in the `Digest` header and
 * in the audit log, written before the bytes are sent.
 *
 * @internal
 */
export function bindEvidence(
  router: SecurityPostureRouter,
  deps: { access: HttpAccess; evidence: EvidenceService },
): void {
  const { access, evidence } = deps;
  router.get('/v1/evidence', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureEvidenceReadPermission,
      `not allowed to export compliance evidence (${securityPostureEvidenceReadPermission.name})`,
    );
    const document = await evidence.export(
      req.query,
      principalRef(credentials),
    );
    res.setHeader('Digest', document.digest);
    // the app reads the digest and the file name from another origin in development
    res.setHeader(
      'Access-Control-Expose-Headers',
      'Digest, Content-Disposition',
    );
    res.setHeader('Content-Type', document.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (document.filename) {
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${document.filename}"`,
      );
    }
    if (document.contentType.startsWith('text/html')) {
      res.setHeader(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'",
      );
    }
    // the bytes whose digest was recorded, as they are (never re-serialised)
    res.status(200).end(document.body);
  });
}
