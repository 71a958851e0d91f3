import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  ExceptionState,
  securityPostureExceptionApprovePermission,
  securityPostureExceptionRequestPermission,
  securityPostureReadPermission,
} from '@golden-path/plugin-security-posture-common';
import { Response } from 'express';
import {
  ExceptionActor,
  ExceptionService,
} from '../exceptions/ExceptionService';
import { VexExport } from '../exceptions/VexExport';
import { pathRef, AnyRequest, HttpAccess, principalRef } from './auth';
import { SecurityPostureRouter } from './routerType';

/**
 * The exception endpoints (docs/exceptions.md). Requests need security-posture.exception.request
 * on the component; decisions need security-posture.exception.approve and a person, never the
 * requester; the VEX export needs read access to the component's posture.
 *
 * @internal
 */
export function bindExceptions(
  router: SecurityPostureRouter,
  deps: {
    access: HttpAccess;
    exceptions: ExceptionService;
    vex: VexExport;
    /** 404 unless the plugin or the catalog knows the entity. */
    requireKnown: (entityRef: string) => Promise<string>;
  },
): void {
  const { access, exceptions, vex, requireKnown } = deps;

  const mayApprove = (credentials: BackstageCredentials) =>
    access.allows(credentials, securityPostureExceptionApprovePermission);

  /** Decisions are made by people: service credentials are refused (403 by httpAuth). */
  async function person(req: AnyRequest): Promise<ExceptionActor> {
    const credentials = await access.credentials(req);
    return {
      ref: principalRef(credentials),
      mayApprove: await mayApprove(credentials),
    };
  }

  router.post('/v1/exceptions', async (req, res) => {
    const credentials = await access.credentials(req);
    const entityRef = exceptions.entityRef(req.body.entityRef);
    await access.authorize(
      credentials,
      securityPostureExceptionRequestPermission,
      {
        resourceRef: entityRef,
        denied: `not allowed to request exceptions for ${entityRef}`,
      },
    );
    const created = await exceptions.request(
      { ...req.body, entityRef },
      principalRef(credentials),
    );
    res.status(201).json(created);
  });

  router.get('/v1/exceptions', async (req, res) => {
    const credentials = await access.credentials(req);
    const q = req.query;
    let entityRef: string | undefined;
    if (q.entityRef) {
      entityRef = exceptions.entityRef(q.entityRef);
      await access.authorize(credentials, securityPostureReadPermission, {
        resourceRef: entityRef,
        denied: `not allowed to read the exceptions of ${entityRef}`,
      });
      await requireKnown(entityRef);
    } else if (!(await mayApprove(credentials))) {
      throw new NotAllowedError(
        `listing the exceptions of every component needs ${securityPostureExceptionApprovePermission.name}; give entityRef to list one component's`,
      );
    }
    res.json(
      await exceptions.list({
        entityRef,
        states: q.state as ExceptionState[] | undefined,
        cursor: q.cursor,
        limit: q.limit === undefined ? undefined : Number(q.limit),
      }),
    );
  });

  router.post('/v1/exceptions/:id/approve', async (req, res) => {
    const actor = await person(req);
    res.json(
      await exceptions.decide(
        req.params.id,
        'approved',
        actor,
        req.body?.comment,
      ),
    );
  });

  router.post('/v1/exceptions/:id/reject', async (req, res) => {
    const actor = await person(req);
    res.json(
      await exceptions.decide(
        req.params.id,
        'rejected',
        actor,
        req.body?.comment,
      ),
    );
  });

  router.post('/v1/exceptions/:id/revoke', async (req, res) => {
    const actor = await person(req);
    res.json(await exceptions.revoke(req.params.id, actor, req.body?.comment));
  });

  router.get('/v1/entities/:kind/:namespace/:name/vex', async (req, res) => {
    const entityRef = pathRef(req.params);
    await access.requireRead(req, entityRef);
    await requireKnown(entityRef);
    // the serializer's text as it is: the CycloneDX JSON media type, not re-encoded
    (res as unknown as Response)
      .type('application/vnd.cyclonedx+json; version=1.6')
      .send(await vex.document(entityRef));
  });
}
