import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import { AuditLog } from '../audit/AuditLog';
import { PostureStore } from '../database/PostureStore';
import { ExceptionsConfig } from './config';
import { ExceptionNotifier } from './ExceptionNotifier';
import { ExceptionExpiry } from './ExceptionExpiry';
import { ExceptionService } from './ExceptionService';
import { ExceptionStore } from './ExceptionStore';
import { VexExport } from './VexExport';

/** The scheduled task's id (one run at a time across replicas). @internal */
export const EXCEPTION_EXPIRY_TASK_ID = 'security-posture-exception-expiry';

/**
 * Exceptions in the plugin: the store (which the posture services need to leave accepted
 * findings uncounted) first, then, once the posture services exist, the lifecycle service, the
 * VEX export and the scheduled expiry task.
 *
 * @internal
 */
export function exceptionsFeature(config: ExceptionsConfig, db: Knex) {
  const store = new ExceptionStore(db);
  return {
    store,
    async start(deps: {
      /** Recomputes the stored posture of a component inside the transaction. */
      recompute: (tx: Knex.Transaction, entityRef: string) => Promise<void>;
      postureStore: Pick<PostureStore, 'getFinding' | 'getComponent'>;
      /** The branch whose findings the posture counts. */
      branch: string;
      audit: AuditLog;
      scheduler: SchedulerService;
      notifications?: NotificationService;
      logger: LoggerService;
    }) {
      const options = {
        store,
        postureStore: deps.postureStore,
        audit: deps.audit,
        config,
        recompute: deps.recompute,
        notifier: new ExceptionNotifier(deps.notifications, deps.logger),
        logger: deps.logger,
      };
      const service = new ExceptionService(options);
      const expiry = new ExceptionExpiry(options);
      await deps.scheduler.scheduleTask({
        id: EXCEPTION_EXPIRY_TASK_ID,
        frequency: { minutes: config.checkEveryMinutes },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 30 },
        fn: async () => {
          await expiry.runExpiry();
        },
      });
      return {
        service,
        vex: new VexExport({ store, branch: deps.branch }),
      };
    },
  };
}
