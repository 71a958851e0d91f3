import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { PostureException } from '@golden-path/plugin-security-posture-common';
import {
  PostureNotificationPayload,
  sendToOwner,
} from '../notifications/sendToOwner';

function subject(e: PostureException): string {
  return e.scope === 'finding'
    ? `finding ${e.findingId} (${e.ruleId})`
    : `rule ${e.ruleId}${e.tool ? ` from ${e.tool}` : ''}`;
}

/**
 * Tells a component's owning group (through Backstage's notifications service) that an exception
 * is about to expire or has expired, and the requester that their request was decided. Texts name
 * the rule and dates only; the requester's free text is not repeated.
 *
 * @internal
 */
export class ExceptionNotifier {
  constructor(
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
  ) {}

  private send(
    recipient: string | null | undefined,
    e: PostureException,
    payload: PostureNotificationPayload,
  ) {
    return sendToOwner(
      this.notifications,
      this.logger,
      recipient,
      e.entityRef,
      payload,
    );
  }

  async expired(ownerRef: string | null | undefined, e: PostureException) {
    await this.send(ownerRef, e, {
      title: `${e.entityRef}: the exception for ${subject(e)} expired`,
      description:
        'Its findings count again in the posture and the deployment gate. Fix them, or request a new exception.',
      severity: 'high',
      topic: 'security-posture:exception-expired',
    });
  }

  async expiresSoon(ownerRef: string | null | undefined, e: PostureException) {
    await this.send(ownerRef, e, {
      title: `${e.entityRef}: the exception for ${subject(
        e,
      )} expires on ${e.expiresAt.slice(0, 10)}`,
      description:
        'After that its findings count again in the posture and the deployment gate.',
      severity: 'normal',
      topic: 'security-posture:exception-expires-soon',
    });
  }

  async decided(e: PostureException) {
    await this.send(e.requestedBy, e, {
      title: `${e.entityRef}: your exception for ${subject(e)} was ${e.state}`,
      description:
        e.state === 'approved'
          ? `Its findings do not count until ${e.expiresAt.slice(0, 10)}.`
          : 'Its findings keep counting.',
      severity: 'normal',
      topic: `security-posture:exception-${e.state}`,
    });
  }
}
