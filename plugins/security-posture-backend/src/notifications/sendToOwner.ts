import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';

/** What the posture plugin's notifications carry. @internal */
export interface PostureNotificationPayload {
  title: string;
  description: string;
  severity: 'critical' | 'high' | 'normal' | 'low';
  topic: string;
}

/**
 * Sends one notification to `recipient` (a group or user entity ref). Never throws: a
 * notification is never a reason to fail the change that caused it (that change is committed); a
 * failed send is logged, naming `what` was sent, and answers false. No-op (false) without a
 * notifications service (securityPosture.notifications.enabled: false).
 *
 * @internal
 */
export async function sendNotice(
  notifications: NotificationService | undefined,
  logger: LoggerService,
  recipient: string,
  payload: PostureNotificationPayload & { link?: string; scope?: string },
  what: string = payload.topic,
): Promise<boolean> {
  if (!notifications) return false;
  try {
    await notifications.send({
      recipients: { type: 'entity', entityRef: recipient },
      payload,
    });
    return true;
  } catch (error) {
    logger.warn(
      `security-posture: could not notify ${recipient} (${what}): ${error}`,
    );
    return false;
  }
}

/**
 * Sends one notification to `recipient` (a group or user entity ref) about a component, linking
 * to its Security tab, as {@link sendNotice} does. No-op without a recipient.
 *
 * @internal
 */
export async function sendToOwner(
  notifications: NotificationService | undefined,
  logger: LoggerService,
  recipient: string | null | undefined,
  entityRef: string,
  payload: PostureNotificationPayload,
): Promise<void> {
  if (!recipient) return;
  const { kind, namespace, name } = parseEntityRef(entityRef);
  await sendNotice(notifications, logger, recipient, {
    ...payload,
    link: `/catalog/${namespace}/${kind.toLocaleLowerCase(
      'en-US',
    )}/${name}/security`,
  });
}
