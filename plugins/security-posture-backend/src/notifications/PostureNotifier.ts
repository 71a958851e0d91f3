import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  PostureNotificationPayload,
  sendNotice,
  sendToOwner,
} from './sendToOwner';

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

  /** Whether notifications are sent at all (securityPosture.notifications.enabled). */
  get enabled(): boolean {
    return this.notifications !== undefined;
  }

  /**
   * The zero-day view's "notify owners": one notification to a group about the components of
   * its own that an advisory or a package affects. Its scope is the question, so asking again
   * updates that notification instead of adding another. Names ids and refs only, never an
   * advisory's text.
   */
  async affectedComponents(
    ownerRef: string,
    affected: {
      label: string;
      components: string[];
      knownExploited: boolean;
      link: string | null;
    },
  ) {
    if (!this.notifications) return;
    const { label, components } = affected;
    const shown = components.slice(0, 10).join(', ');
    const more =
      components.length > 10 ? ` and ${components.length - 10} more` : '';
    await sendNotice(this.notifications, this.logger, ownerRef, {
      title: `${label}: ${components.length} of your component(s) affected`,
      description: `${shown}${more} ${
        components.length === 1 ? 'has' : 'have'
      } a package version affected by ${label}${
        affected.knownExploited
          ? ' (on the CISA KEV list: known exploited)'
          : ''
      }. Upgrade to the fixed version and rescan; the Security tab lists the findings.`,
      severity: affected.knownExploited ? 'critical' : 'high',
      topic: 'security-posture:affected',
      scope: `security-posture:affected:${label}`,
      ...(affected.link ? { link: affected.link } : {}),
    });
  }

  /**
   * A campaign's notice to an owning group (issue #17): it started, a milestone before its
   * deadline with components still failing, or its deadline passed with components still failing.
   * Scoped by campaign and group, so a later notice updates the group's earlier one instead of
   * adding another. The campaign's title is the owner's text: it goes in the notification's fields
   * only (the notifications UI renders them as text). Whether it was handed over.
   */
  async campaignNotice(
    groupRef: string,
    notice: {
      campaignId: string;
      title: string;
      event: 'start' | 'milestone' | 'deadline';
      deadline: string;
      /** Whole days left before the deadline (a milestone). */
      daysLeft?: number;
      /** The group's components in scope, and those of them still failing. */
      components: number;
      failing: number;
    },
  ): Promise<boolean> {
    if (!this.notifications) return false;
    const { campaignId, title, event, components, failing } = notice;
    const day = notice.deadline.slice(0, 10);
    const texts = {
      start: {
        title: `Campaign started: ${title}`,
        description: `${components} of your component(s) are in scope, ${failing} not meeting the goal yet; the deadline is ${day}.`,
        severity: 'normal' as const,
      },
      milestone: {
        title: `Campaign ${title}: ${notice.daysLeft} day(s) left`,
        description: `${failing} of your ${components} component(s) in scope still do not meet the goal; the deadline is ${day}.`,
        severity: 'high' as const,
      },
      deadline: {
        title: `Campaign deadline passed: ${title}`,
        description: `The deadline ${day} passed with ${failing} of your ${components} component(s) in scope not meeting the goal.`,
        severity: 'critical' as const,
      },
    };
    const text = texts[event];
    return sendNotice(
      this.notifications,
      this.logger,
      groupRef,
      {
        ...text,
        topic: 'security-posture:campaign',
        scope: `security-posture:campaign:${campaignId}`,
        link: `/security-campaigns/${encodeURIComponent(campaignId)}`,
      },
      `security-posture:campaign ${campaignId}`,
    );
  }

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
        'An uploaded report brought new urgent findings: a scanner reported them, or a dependency inventory (SBOM) matched advisories. The Security tab lists them in priority order with their remediation.',
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
