import { ExceptionServiceOptions } from './ExceptionService';

const DAY = 86_400_000;

/**
 * The scheduled side of exceptions: expiry, and the owners' warning before it.
 *
 * @internal
 */
export class ExceptionExpiry {
  constructor(private readonly options: ExceptionServiceOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * The scheduled task: expires every pending or approved exception whose time has come (the
   * approved ones' findings count again: posture recomputed, owners notified), then warns the
   * owners of approved exceptions expiring within expiryWarningDays, once each. Safe to run on
   * several replicas at once: each change is a conditional update.
   */
  async runExpiry(): Promise<{ expired: number; warned: number }> {
    const { store, postureStore, config, audit } = this.options;
    const now = this.now();
    const nowIso = now.toISOString();
    let expired = 0;
    for (const e of await store.dueForExpiry(nowIso)) {
      const done = await store.transaction(async tx => {
        const moved = await store.transition(
          tx,
          e.id,
          ['pending', 'approved'],
          'expired',
          { expired_at: nowIso },
          nowIso,
        );
        if (!moved) return false;
        await audit.record(
          {
            type: 'exception.expired',
            entityRef: e.entityRef,
            actor: 'system',
            details: {
              exceptionId: e.id,
              previousState: e.state,
              expiresAt: e.expiresAt,
            },
          },
          tx,
        );
        if (e.state === 'approved') {
          await this.options.recompute(tx, e.entityRef);
        }
        return true;
      });
      if (done) {
        expired += 1;
        if (e.state === 'approved') {
          const component = await postureStore.getComponent(e.entityRef);
          await this.options.notifier.expired(component?.ownerRef, {
            ...e,
            state: 'expired',
          });
        }
      }
    }

    let warned = 0;
    if (config.expiryWarningDays > 0) {
      const until = new Date(
        now.getTime() + config.expiryWarningDays * DAY,
      ).toISOString();
      for (const e of await store.dueForWarning(nowIso, until)) {
        const done = await store.transaction(async tx => {
          if (!(await store.markWarned(tx, e.id, nowIso))) return false;
          await audit.record(
            {
              type: 'exception.expiry-warned',
              entityRef: e.entityRef,
              actor: 'system',
              details: { exceptionId: e.id, expiresAt: e.expiresAt },
            },
            tx,
          );
          return true;
        });
        if (done) {
          warned += 1;
          const component = await postureStore.getComponent(e.entityRef);
          await this.options.notifier.expiresSoon(component?.ownerRef, e);
        }
      }
    }
    if (expired || warned) {
      this.options.logger.info(
        `security-posture: ${expired} exception(s) expired, ${warned} owner warning(s) sent`,
      );
    }
    return { expired, warned };
  }
}
