import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ExceptionState,
  securityPostureExceptionApprovePermission,
  securityPostureExceptionRequestPermission,
  securityPostureReadPermission,
} from '@golden-path/plugin-security-posture-common';
import { Response } from 'express';
import { SecurityPostureRouter } from '../service/routerType';
import { ExceptionActor, ExceptionService } from './ExceptionService';
import { ExceptionStore } from './ExceptionStore';
import { buildVex } from './vex';

function principalRef(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.type === 'user'
    ? p.userEntityRef!
    : `service:${p.subject ?? 'unknown'}`;
}

/**
 * The exception endpoints (docs/exceptions.md). Requests need security-posture.exception.request
 * on the component; decisions need security-posture.exception.approve and a person, never the
 * requester; the VEX export needs read access to the component's posture.
 *
 * @internal
 */
export function registerExceptionRoutes(
  router: SecurityPostureRouter,
  options: {
    exceptions: ExceptionService;
    store: ExceptionStore;
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    /** The branch whose findings the posture counts. */
    branch: string;
    /** 404 unless the plugin or the catalog knows the entity. */
    requireKnown: (entityRef: string) => Promise<string>;
    now?: () => Date;
  },
): void {
  const { exceptions, store, httpAuth, permissions } = options;
  type AnyRequest = Parameters<HttpAuthService['credentials']>[0];

  async function authorizeOn(
    credentials: BackstageCredentials,
    permission:
      | typeof securityPostureReadPermission
      | typeof securityPostureExceptionRequestPermission,
    entityRef: string,
    what: string,
  ) {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`not allowed to ${what} ${entityRef}`);
    }
  }

  async function mayApprove(credentials: BackstageCredentials) {
    const [decision] = await permissions.authorize(
      [{ permission: securityPostureExceptionApprovePermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Decisions are made by people: service credentials are refused (401/403 by httpAuth). */
  async function person(req: AnyRequest): Promise<ExceptionActor> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return {
      ref: principalRef(credentials),
      mayApprove: await mayApprove(credentials),
    };
  }

  router.post('/v1/exceptions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = exceptions.entityRef(req.body.entityRef);
    await authorizeOn(
      credentials,
      securityPostureExceptionRequestPermission,
      entityRef,
      'request exceptions for',
    );
    const created = await exceptions.request(
      { ...req.body, entityRef },
      principalRef(credentials),
    );
    res.status(201).json(created);
  });

  router.get('/v1/exceptions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const q = req.query;
    let entityRef: string | undefined;
    if (q.entityRef) {
      entityRef = exceptions.entityRef(q.entityRef);
      await authorizeOn(
        credentials,
        securityPostureReadPermission,
        entityRef,
        'read the exceptions of',
      );
      await options.requireKnown(entityRef);
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
    const entityRef = stringifyEntityRef(req.params).toLocaleLowerCase('en-US');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizeOn(
      credentials,
      securityPostureReadPermission,
      entityRef,
      'read the security posture of',
    );
    await options.requireKnown(entityRef);
    const now = options.now?.() ?? new Date();
    const decided = [
      ...(await store.live(entityRef, now.toISOString())),
      ...(await store.inStates(entityRef, ['pending'])),
    ];
    const decisions = [];
    for (const exception of decided) {
      decisions.push({
        exception,
        findings: await store.coveredFindings(exception, options.branch),
      });
    }
    // the serializer's text as it is: the CycloneDX JSON media type, not re-encoded
    (res as unknown as Response)
      .type('application/vnd.cyclonedx+json; version=1.6')
      .send(buildVex({ entityRef, decisions, now }));
  });
}
