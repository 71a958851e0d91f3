import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  FindingsQuery,
  securityPostureEnrollPermission,
  securityPostureGateEvaluatePermission,
  securityPostureTemplateReadPermission,
  securityPostureTemplateUpgradePermission,
  securityPostureReadPermission,
  securityPostureReportUploadPermission,
  securityPostureScorecardReadPermission,
} from '@golden-path/plugin-security-posture-common';
import express from 'express';
import { PostureConfig } from '../config';
import { ReportInputError } from '../parsers/errors';
import { spec } from '../schema/openapi.generated';
import { PostureService } from './PostureService';
import { AuditLog } from '../audit/AuditLog';
import { TemplateCatalog } from '../templates/TemplateCatalog';
import { TemplateUpgrades } from '../templates/TemplateUpgrades';
import { registerAuditRoutes } from '../audit/auditRoutes';
import { registerExceptionRoutes } from '../exceptions/exceptionRoutes';
import { ExceptionService } from '../exceptions/ExceptionService';
import { ExceptionStore } from '../exceptions/ExceptionStore';

/**
 * Reads a report body as raw bytes (the safe reader parses it), other bodies as JSON. A body over
 * the limit is not read; the error waits in `res.locals` for the handler to throw after the caller
 * is authorized (errors passed to `next` here would be rewritten to 400 by the validator).
 */
function bodyParsers(
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

/** A gate request's entity ref, lower-cased with defaults (component kind, default namespace). */
function normalizeGateRef(raw: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(raw, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(
      `entityRef '${raw}' is not an entity ref (e.g. component:default/payments-api)`,
    );
  }
}

function principalName(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.type === 'user'
    ? p.userEntityRef!
    : `service:${p.subject ?? 'unknown'}`;
}

/** The HTTP layer: the validated router generated from openapi.yaml, each route a few lines. */
export async function createRouter(options: {
  service: PostureService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  config: PostureConfig;
  audit?: AuditLog;
  templates?: TemplateCatalog;
  upgrades?: TemplateUpgrades;
  exceptions?: { service: ExceptionService; store: ExceptionStore };
}): Promise<express.Router> {
  const { service, httpAuth, permissions, config } = options;
  const router = await createValidatedOpenApiRouter<typeof spec>(spec, {
    middleware: bodyParsers(config.limits),
  });

  const allow = ['user', 'service'] as Array<'user' | 'service'>;

  type AnyRequest = Parameters<HttpAuthService['credentials']>[0];

  async function authorizeBasic(req: AnyRequest, permission: BasicPermission) {
    const credentials = await httpAuth.credentials(req, { allow });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`not allowed: ${permission.name}`);
    }
    return credentials;
  }

  async function authorizeRead(req: AnyRequest, entityRef: string) {
    const credentials = await httpAuth.credentials(req, { allow });
    const [decision] = await permissions.authorize(
      [{ permission: securityPostureReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `not allowed to read the security posture of ${entityRef}`,
      );
    }
    return credentials;
  }

  function visibleTo(credentials: BackstageCredentials) {
    return async (refs: string[]): Promise<Set<string>> => {
      const [decision] = await permissions.authorizeConditional(
        [{ permission: securityPostureReadPermission }],
        { credentials },
      );
      if (decision.result === AuthorizeResult.ALLOW) return new Set(refs);
      if (decision.result === AuthorizeResult.DENY || refs.length === 0) {
        return new Set();
      }
      const decisions = await permissions.authorize(
        refs.map(resourceRef => ({
          permission: securityPostureReadPermission,
          resourceRef,
        })),
        { credentials },
      );
      return new Set(
        refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
      );
    };
  }

  const pathRef = (params: { kind: string; namespace: string; name: string }) =>
    stringifyEntityRef(params).toLocaleLowerCase('en-US');

  router.post('/v1/reports', async (req, res) => {
    const credentials = await authorizeBasic(
      req,
      securityPostureReportUploadPermission,
    );
    if (res.locals.reportBodyError) {
      throw res.locals.reportBodyError;
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await service.ingest({
      entityRef: req.query.entityRef,
      body,
      format: req.query.format,
      branch: req.query.branch,
      commit: req.query.commit,
      complete:
        req.query.complete === undefined
          ? undefined
          : String(req.query.complete) !== 'false',
      uploadedBy: principalName(credentials),
    });
    res.status(201).json(result);
  });

  router.post('/v1/components', async (req, res) => {
    await authorizeBasic(req, securityPostureEnrollPermission);
    res.json(await service.enroll(req.body));
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/posture',
    async (req, res) => {
      const entityRef = pathRef(req.params);
      await authorizeRead(req, entityRef);
      res.json(await service.getPosture(entityRef));
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/findings',
    async (req, res) => {
      const entityRef = pathRef(req.params);
      await authorizeRead(req, entityRef);
      const q = req.query;
      const query: FindingsQuery = {
        status: q.status,
        severity: q.severity,
        kind: q.kind,
        tool: q.tool,
        q: q.q,
        sort: q.sort,
        order: q.order,
        limit: q.limit === undefined ? undefined : Number(q.limit),
        cursor: q.cursor,
      };
      res.json(await service.listFindings(entityRef, query));
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/findings/:findingId',
    async (req, res) => {
      const entityRef = pathRef(req.params);
      await authorizeRead(req, entityRef);
      res.json(await service.getFinding(entityRef, req.params.findingId));
    },
  );

  router.post('/v1/gate', async (req, res) => {
    const entityRef = normalizeGateRef(req.body.entityRef);
    const credentials = await httpAuth.credentials(req, { allow });
    const [decision] = await permissions.authorize(
      [
        {
          permission: securityPostureGateEvaluatePermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `not allowed to ask the gate about ${entityRef}`,
      );
    }
    const result = await service.gate(entityRef);
    await options.audit?.record({
      type: 'gate.decision',
      entityRef: result.entityRef,
      actor: principalName(credentials),
      details: {
        decision: result.decision,
        reasons: result.reasons.map(
          r => `${r.mode} ${r.policy}/${r.rule}: ${r.message}`,
        ),
        grade: result.grade,
        score: result.score,
      },
    });
    res.json(result);
  });

  router.get('/v1/templates', async (req, res) => {
    await authorizeBasic(req, securityPostureTemplateReadPermission);
    // the catalog's shapes are the spec's (TemplateList); the validator checks them in tests
    res.json({ items: (await options.templates!.list()) as any[] });
  });

  router.get('/v1/templates/:namespace/:name/components', async (req, res) => {
    await authorizeBasic(req, securityPostureTemplateReadPermission);
    res.json({
      items: (await options.templates!.componentsOf(
        req.params.namespace,
        req.params.name,
      )) as any[],
    });
  });

  router.get('/v1/templates/:namespace/:name/upgrades', async (req, res) => {
    await authorizeBasic(req, securityPostureTemplateReadPermission);
    const { ref } = await options.templates!.componentEntities(
      req.params.namespace,
      req.params.name,
    );
    res.json({ items: (await options.upgrades!.list(ref)) as any[] });
  });

  router.post('/v1/templates/:namespace/:name/upgrades', async (req, res) => {
    const credentials = await authorizeBasic(
      req,
      securityPostureTemplateUpgradePermission,
    );
    const body = req.body;
    if (!body.allBehind === !body.entityRefs) {
      throw new InputError('give either entityRefs or allBehind: true');
    }
    const { ref, items } = await options.templates!.componentEntities(
      req.params.namespace,
      req.params.name,
    );
    let components;
    if (body.allBehind) {
      components = items.filter(i => i.behindBy > 0).map(i => i.entity);
      if (components.length === 0) {
        res.json({ items: [] });
        return;
      }
    } else {
      const byRef = new Map(
        items.map(i => [
          stringifyEntityRef(i.entity).toLocaleLowerCase('en-US'),
          i.entity,
        ]),
      );
      components = body.entityRefs!.map(raw => {
        let key: string;
        try {
          key = stringifyEntityRef(
            parseEntityRef(raw, { defaultKind: 'component' }),
          ).toLocaleLowerCase('en-US');
        } catch {
          throw new InputError(`'${raw}' is not an entity ref`);
        }
        const entity = byRef.get(key);
        if (!entity) {
          throw new InputError(`${key} was not made from ${ref}`);
        }
        return entity;
      });
    }
    try {
      const results = await options.upgrades!.start({
        templateRef: ref,
        components,
        targetVersion: body.targetVersion,
        answers: body.answers,
        dryRun: body.dryRun,
        actor: principalName(credentials),
      });
      if (!body.dryRun) {
        for (const result of results) {
          await options.audit?.record({
            type: 'template.upgrade',
            entityRef: result.entityRef,
            actor: principalName(credentials),
            details: {
              template: result.templateRef,
              from: result.fromVersion,
              to: result.toVersion,
              state: result.state,
              branch: result.branch,
              conflicts: result.conflicts,
              error: result.error,
            },
          });
        }
      }
      res.json({ items: results as any[] });
    } catch (error) {
      if ((error as Error).name === 'TooManyRequestsError') {
        res.setHeader('Retry-After', '60');
        res.status(429).json({
          error: {
            name: 'TooManyRequestsError',
            message: (error as Error).message,
          },
          request: { method: req.method, url: req.originalUrl },
          response: { statusCode: 429 },
        });
        return;
      }
      throw error;
    }
  });

  router.get('/v1/scorecards', async (req, res) => {
    const credentials = await authorizeBasic(
      req,
      securityPostureScorecardReadPermission,
    );
    res.json(
      await service.scorecards(req.query.groupBy, visibleTo(credentials)),
    );
  });

  router.get('/v1/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow });
    const days = req.query.days === undefined ? 90 : Number(req.query.days);
    res.json(
      await service.history(req.query.entityRef, days, visibleTo(credentials)),
    );
  });

  if (options.exceptions) {
    registerExceptionRoutes(router, {
      exceptions: options.exceptions.service,
      store: options.exceptions.store,
      httpAuth,
      permissions,
      branch: config.defaultBranch,
      requireKnown: ref => service.requireKnown(ref),
    });
  }

  if (options.audit) {
    registerAuditRoutes(router, {
      audit: options.audit,
      httpAuth,
      permissions,
    });
  }

  return router;
}
