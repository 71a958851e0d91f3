import {
  Campaign,
  CampaignGoal,
  CampaignScope,
} from '@golden-path/plugin-security-posture-common';
import { useT } from '../common';

type T = ReturnType<typeof useT>;

/** A campaign's goal as one line of plain text. */
export function goalText(goal: CampaignGoal, t: T): string {
  switch (goal.type) {
    case 'policy':
      return t('campaigns.goal.policy', { expression: goal.expression ?? '' });
    case 'template':
      return t('campaigns.goal.template', {
        template: goal.templateRef ?? '',
        version: goal.minVersion ?? '',
      });
    default:
      return t('campaigns.goal.noFinding', {
        filter: [goal.filter?.rule, goal.filter?.package]
          .filter(Boolean)
          .join(' · '),
      });
  }
}

/** A campaign's scope as one line of plain text (every list given, `key: values`). */
export function scopeText(scope: CampaignScope, t: T): string {
  const parts = Object.entries(scope)
    .filter(([, values]) => Array.isArray(values) && values.length > 0)
    .map(([key, values]) => `${key}: ${(values as unknown[]).join(', ')}`);
  return parts.length > 0 ? parts.join(' · ') : t('campaigns.scopeAll');
}

/** Whether a campaign has not started, runs, or is past its deadline, at a time. */
export function statusOf(
  campaign: Pick<Campaign, 'startsAt' | 'deadline'>,
  now = Date.now(),
): 'scheduled' | 'active' | 'ended' {
  if (Date.parse(campaign.startsAt) > now) return 'scheduled';
  if (Date.parse(campaign.deadline) <= now) return 'ended';
  return 'active';
}

/** A finding campaign's search text for the Security tab's findings (the rule, else the package). */
export function findingSearchOf(goal: CampaignGoal): string | undefined {
  if (goal.type !== 'no-finding') return undefined;
  return goal.filter?.rule?.trim() || goal.filter?.package?.trim() || undefined;
}
