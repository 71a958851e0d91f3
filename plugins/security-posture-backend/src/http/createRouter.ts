import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import express from 'express';
import type { AuditLog } from '../audit/AuditLog';
import { PostureConfig } from '../config';
import { ExceptionService } from '../exceptions/ExceptionService';
import { VexExport } from '../exceptions/VexExport';
import { ServiceUnavailableError } from '@backstage/errors';
import { unavailableService } from '../lib/dependencyErrors';
import { LoggerService } from '@backstage/backend-plugin-api';
import { isDatabaseUnavailable } from '../lib/databaseErrors';
import { TooManyRequestsError } from '../lib/errors';
import { spec } from '../schema/openapi.generated';
import { PostureServices } from '../services';
import { TemplateCatalog } from '../templates/TemplateCatalog';
import { UpgradeRequests } from '../templates/UpgradeRequests';
import { bindAffected } from './affected';
import { bindAudit } from './audit';
import { bindCampaigns } from './campaigns';
import { bindEvidence } from './evidence';
import { HttpAccess } from './auth';
import { bodyParsers } from './bodyParsers';
import { bindExceptions } from './exceptions';
import { bindGate } from './gate';
import { bindInventory } from './inventory';
import { bindPostures } from './postures';
import { ReadAdmission } from './readAdmission';
import { bindReports, reportAdmission, UploadGuards } from './reports';
import { bindScorecards } from './scorecards';
import { bindTemplates } from './templates';

/** When a client may try again after the database was out of reach. */
const DATABASE_RETRY_SECONDS = 5;

/**
 * The plugin's HTTP API: the validated router generated from openapi.yaml, with one binder per
 * resource. Binders call services, never stores; authorization is `HttpAccess`'s.
 *
 * @internal
 */
export async function createRouter(options: {
  access: HttpAccess;
  services: PostureServices;
  config: PostureConfig;
  uploads: UploadGuards;
  audit?: AuditLog;
  templates?: { catalog: TemplateCatalog; upgrades: UpgradeRequests };
  exceptions?: { service: ExceptionService; vex: VexExport };
  logger?: LoggerService;
}): Promise<express.Router> {
  const { access, services } = options;
  const router = await createValidatedOpenApiRouter<typeof spec>(spec, {
    middleware: [
      new ReadAdmission(options.config.reads).middleware(),
      ...bodyParsers(
        options.config.limits,
        reportAdmission(access, options.uploads),
      ),
    ],
  });
  bindReports(router, { access, ...services });
  bindPostures(router, { access, ...services });
  bindGate(router, {
    access,
    gate: services.gate,
    binding: options.uploads.binding,
  });
  bindScorecards(router, { access, scorecards: services.scorecards });
  bindInventory(router, { access, inventory: services.inventory });
  if (services.affected) {
    bindAffected(router, { access, affected: services.affected });
  }
  if (services.campaigns) {
    bindCampaigns(router, { access, campaigns: services.campaigns });
  }
  if (services.evidence) {
    bindEvidence(router, { access, evidence: services.evidence });
  }
  if (options.templates) {
    bindTemplates(router, {
      access,
      templates: options.templates.catalog,
      upgrades: options.templates.upgrades,
    });
  }
  if (options.exceptions) {
    bindExceptions(router, {
      access,
      exceptions: options.exceptions.service,
      vex: options.exceptions.vex,
      requireKnown: ref => services.postures.requireKnown(ref),
    });
  }
  if (options.audit) {
    bindAudit(router, { access, audit: options.audit });
  }
  // a limit's refusal says when to come back, and so does a database out of reach (503, never a
  // 500 with the driver's words); Backstage's error handler answers both
  router.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error instanceof TooManyRequestsError && !res.headersSent) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      if (isDatabaseUnavailable(error)) {
        options.logger?.warn(
          `security-posture: the database is unavailable: ${String(
            (error as Error).message ?? error,
          )}`,
        );
        if (!res.headersSent) {
          res.setHeader('Retry-After', String(DATABASE_RETRY_SECONDS));
        }
        next(
          new ServiceUnavailableError(
            'the security-posture database is unavailable; nothing was written, try again shortly',
          ),
        );
        return;
      }
      const unavailable = unavailableService(error);
      if (unavailable) {
        options.logger?.warn(
          `security-posture: ${unavailable.plugin} did not answer (${unavailable.reason})`,
        );
        if (!res.headersSent) {
          res.setHeader('Retry-After', String(DATABASE_RETRY_SECONDS));
        }
        next(
          new ServiceUnavailableError(
            `${unavailable.plugin} did not answer (${unavailable.reason}); nothing was written, try again shortly`,
          ),
        );
        return;
      }
      next(error);
    },
  );
  return router;
}
