import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { unavailableService } from '../lib/dependencyErrors';

/**
 * Backstage's default notification service flattens what went wrong into one message
 * ("Failed to send notifications: Error: Request failed with status 404", or "...: TypeError:
 * fetch failed"), so the response and the socket error are gone by the time it reaches us.
 */
const FLATTENED =
  /^Failed to send notifications: (?:Error: Request failed with status (404|50[234])|TypeError: fetch failed)/;

function notificationsUnavailable(
  error: unknown,
): { reason: string } | undefined {
  const direct = unavailableService(error);
  if (direct) return direct;
  const match =
    error instanceof Error ? FLATTENED.exec(error.message) : undefined;
  if (!match) return undefined;
  return { reason: match[1] ?? 'connection failed' };
}

/**
 * The notifications service, degraded to one warning when no notifications backend answers (the
 * app does not install it, or it is down): the sends that fail for that reason are dropped after
 * the first one is reported, instead of one warning per notification. Other failures are thrown
 * to the caller, which logs each.
 *
 * @internal
 */
export function guardNotifications(
  service: NotificationService,
  logger: LoggerService,
): NotificationService {
  let reported = false;
  return {
    async send(options) {
      try {
        await service.send(options);
      } catch (error) {
        const unavailable = notificationsUnavailable(error);
        if (!unavailable) throw error;
        if (!reported) {
          reported = true;
          logger.warn(
            `security-posture: owners are not notified: the notifications backend did not answer (${unavailable.reason}). Add @backstage/plugin-notifications-backend to the app, or set securityPosture.notifications.enabled: false.`,
          );
        }
      }
    },
  };
}
