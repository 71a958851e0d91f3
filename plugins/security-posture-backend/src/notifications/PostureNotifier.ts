import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { PostureNotificationPayload, sendToOwner } from './sendToOwner';

/** What the notifier needs to know about a component. @internal */
export interface NotifiedComponent {
  entityRef: string;
  ownerRef: string | null;
}

/**
 * Notifications of the posture plugin, sent through Backstage's notifications service to the
 * owning group of a component (its members get them in the notifications inbox). Texts name
 * counts and rules only, never a scanner's message or a secret.
 *
 * @internal
 */
export class PostureNotifier {
  constructor(
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
  ) {}

  private send(
    component: NotifiedComponent,
    payload: PostureNotificationPayload,
  ) {
    return sendToOwner(
      this.notifications,
      this.logger,
      component.ownerRef,
      component.entityRef,
      payload,
    );
  }

  /** New critical or known-exploited findings from an ingest. */
  async newUrgentFindings(
    component: NotifiedComponent,
    counts: { critical: number; knownExploited: number },
  ) {
    if (counts.critical === 0 && counts.knownExploited === 0) return;
    const parts = [
      counts.critical ? `${counts.critical} new critical` : '',
      counts.knownExploited
        ? `${counts.knownExploited} new on the CISA KEV list (known exploited)`
        : '',
    ].filter(Boolean);
    await this.send(component, {
      title: `${component.entityRef}: ${parts.join(', ')} finding(s)`,
      description:
        'A scanner report found new urgent findings. The Security tab lists them in priority order with their remediation.',
      severity: counts.knownExploited ? 'critical' : 'high',
      topic: 'security-posture:new-urgent-findings',
    });
  }

  /** New critical or known-exploited advisory matches of a component's inventory (no scan ran). */
  async newAdvisoryMatches(
    component: NotifiedComponent,
    counts: { critical: number; knownExploited: number },
  ) {
    if (counts.critical === 0 && counts.knownExploited === 0) return;
    const parts = [
      counts.critical ? `${counts.critical} critical` : '',
      counts.knownExploited
        ? `${counts.knownExploited} on the CISA KEV list (known exploited)`
        : '',
    ].filter(Boolean);
    await this.send(component, {
      title: `${component.entityRef}: ${parts.join(
        ', ',
      )} advisory match(es) in its dependencies`,
      description:
        "A new or changed advisory affects a package version in the component's dependency inventory (tool advisory-match); no rescan was needed. The Security tab lists the findings with the fixed version.",
      severity: counts.knownExploited ? 'critical' : 'high',
      topic: 'security-posture:new-advisory-matches',
    });
  }

  /** Findings whose SLA due date passed since the last check. */
  async slaBreaches(component: NotifiedComponent, breached: number) {
    if (breached === 0) return;
    await this.send(component, {
      title: `${component.entityRef}: ${breached} finding(s) passed their SLA due date`,
      description:
        'Fix them, or request a time-boxed exception; tier 1 and 2 services with overdue critical or high findings are denied by the deployment gate.',
      severity: 'high',
      topic: 'security-posture:sla-breach',
    });
  }

  /** A deployment the gate denied. */
  async gateDenied(
    component: NotifiedComponent,
    reasons: { policy: string; rule: string; message: string }[],
  ) {
    await this.send(component, {
      title: `${component.entityRef}: deployment denied by the security gate`,
      description: reasons
        .slice(0, 5)
        .map(r => `${r.policy}/${r.rule}: ${r.message}`)
        .join('; '),
      severity: 'high',
      topic: 'security-posture:gate-denied',
    });
  }
}
