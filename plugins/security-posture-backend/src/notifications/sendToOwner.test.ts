import { mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { sendNotice, sendToOwner } from './sendToOwner';

const payload = {
  title: 'Log4Shell: 2 of your component(s) affected',
  description: 'payments-api and checkout have a package version affected.',
  severity: 'high' as const,
  topic: 'security-posture:affected',
};

describe('sendNotice and sendToOwner', () => {
  it('sends to the recipient, answers whether it was sent, and logs a refused send without throwing', async () => {
    const sent: NotificationSendOptions[] = [];
    let refuse = false;
    const notifications: NotificationService = {
      async send(options) {
        if (refuse) throw new Error('notifications backend unavailable');
        sent.push(options);
      },
    };
    const logger = mockServices.logger.mock();

    await expect(
      sendNotice(notifications, logger, 'group:default/payments', {
        ...payload,
        scope: 'security-posture:affected:CVE-2021-44228',
      }),
    ).resolves.toBe(true);
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/payments' },
        payload: {
          ...payload,
          scope: 'security-posture:affected:CVE-2021-44228',
        },
      },
    ]);

    // a component's notice links to its Security tab
    await sendToOwner(
      notifications,
      logger,
      'group:default/payments',
      'component:default/Payments-API',
      payload,
    );
    expect(sent[1].payload.link).toBe(
      '/catalog/default/component/Payments-API/security',
    );

    refuse = true;
    await expect(
      sendNotice(
        notifications,
        logger,
        'group:default/payments',
        payload,
        'security-posture:campaign c-1',
      ),
    ).resolves.toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(
      'security-posture: could not notify group:default/payments (security-posture:campaign c-1): Error: notifications backend unavailable',
    );
    await expect(
      sendToOwner(
        notifications,
        logger,
        'group:default/payments',
        'component:default/payments-api',
        payload,
      ),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenLastCalledWith(
      'security-posture: could not notify group:default/payments (security-posture:affected): Error: notifications backend unavailable',
    );

    // notifications disabled, or a component without an owner: nothing is sent
    refuse = false;
    await expect(
      sendNotice(undefined, logger, 'group:default/payments', payload),
    ).resolves.toBe(false);
    await sendToOwner(
      notifications,
      logger,
      null,
      'component:default/x',
      payload,
    );
    expect(sent).toHaveLength(2);
  });
});
