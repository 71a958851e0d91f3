import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { AuditLog } from '../audit/AuditLog';
import { DatabasePostureStore } from '../database/DatabasePostureStore';
import { PostureService } from '../service/PostureService';
import { readExceptionsConfig } from './config';
import { ExceptionNotifier } from './ExceptionNotifier';
import { ExceptionService } from './ExceptionService';
import { ExceptionStore } from './ExceptionStore';

/** The scheduled task's id (one run at a time across replicas). @internal */
export const EXCEPTION_EXPIRY_TASK_ID = 'security-posture-exception-expiry';

/**
 * Exceptions in the plugin: the store (which the posture service needs to leave accepted findings
 * uncounted) first, then, once the posture service exists, the lifecycle service and its
 * scheduled expiry task.
 *
 * @internal
 */
export function exceptionsFeature(root: Config, db: Knex) {
  const config = readExceptionsConfig(root);
  const store = new ExceptionStore(db);
  return {
    store,
    async start(deps: {
      service: PostureService;
      store: DatabasePostureStore;
      audit: AuditLog;
      scheduler: SchedulerService;
      notifications?: NotificationService;
      logger: LoggerService;
    }) {
      const service = new ExceptionService({
        store,
        postureStore: deps.store,
        audit: deps.audit,
        config,
        recompute: (tx, entityRef) => deps.service.recomputeIn(tx, entityRef),
        notifier: new ExceptionNotifier(deps.notifications, deps.logger),
        logger: deps.logger,
      });
      await deps.scheduler.scheduleTask({
        id: EXCEPTION_EXPIRY_TASK_ID,
        frequency: { minutes: config.checkEveryMinutes },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 30 },
        fn: async () => {
          await service.runExpiry();
        },
      });
      return { service, store };
    },
  };
}
