import { CampaignDetail } from '@golden-path/plugin-security-posture-common';
import { toCsv } from '../../lib/csv';

const HEADER = [
  'entityRef',
  'title',
  'ownerRef',
  'compliant',
  'reason',
  'campaign',
  'deadline',
];

/** A campaign's components as CSV, one line each in the detail's order (failing first). */
export function campaignCsv(detail: CampaignDetail): string {
  return toCsv(
    HEADER,
    detail.progress.components.map(c => [
      c.entityRef,
      c.title,
      c.ownerRef,
      c.compliant,
      c.reason,
      detail.campaign.title,
      detail.campaign.deadline,
    ]),
  );
}
