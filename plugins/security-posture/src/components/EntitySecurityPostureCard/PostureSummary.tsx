import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import {
  EntityCampaign,
  Posture,
  SEVERITIES,
} from '@golden-path/plugin-security-posture-common';
import { GradeBadge, SeverityChip, useT } from '../common';
import { EntityCampaignList } from '../EntityCampaigns';
import { OwnerContact } from './OwnerContact';
import { ScoreBreakdown } from './ScoreBreakdown';
import { ScannerCoverageList } from './ScannerCoverageList';
import { PolicyStatus } from './PolicyStatus';
import { ScorecardChecks } from './ScorecardChecks';
import { TemplateStatus } from './TemplateStatus';
import { TopFindings } from './TopFindings';

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <Stack spacing={0.75} component="section">
      <Typography variant="subtitle2" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </Stack>
  );
}

/** The posture of a scanned component, as the overview card shows it. */
export function PostureSummary(props: {
  posture: Posture;
  ownerRef: string | undefined;
  /** The campaigns the component is in (the section is left out when none). */
  campaigns?: EntityCampaign[];
}) {
  const t = useT();
  const { posture, ownerRef, campaigns = [] } = props;
  return (
    <Stack spacing={2} divider={<Divider flexItem />}>
      <Stack direction="row" spacing={2} alignItems="center">
        <GradeBadge grade={posture.grade} size="large" />
        <Stack spacing={0.5}>
          {posture.score !== null && (
            <Typography variant="h6" component="p">
              {t('card.score', { score: String(posture.score) })}
            </Typography>
          )}
          <Typography
            variant="body2"
            color={posture.overdue > 0 ? 'error' : 'text.secondary'}
          >
            {posture.overdue > 0
              ? t('card.overdue', { count: posture.overdue })
              : t('card.noOverdue')}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('card.suppressed')}: {posture.suppressed}
          </Typography>
          {(posture.acceptedRisks ?? 0) > 0 && (
            <Typography variant="body2" color="text.secondary">
              {t('card.acceptedRisks', { count: posture.acceptedRisks ?? 0 })}
            </Typography>
          )}
          {(posture.knownExploited ?? 0) > 0 && (
            <Typography variant="body2" color="error">
              {t('card.knownExploited', { count: posture.knownExploited ?? 0 })}
            </Typography>
          )}
          <ScoreBreakdown breakdown={posture.scoreBreakdown} />
        </Stack>
      </Stack>
      <Section title={t('card.openFindings')}>
        <Stack direction="row" flexWrap="wrap" gap={1}>
          {SEVERITIES.map(severity => (
            <SeverityChip
              key={severity}
              severity={severity}
              count={posture.open[severity]}
            />
          ))}
        </Stack>
      </Section>
      {posture.policy && (
        <Section title={t('card.policyTitle')}>
          <PolicyStatus policy={posture.policy} />
        </Section>
      )}
      {campaigns.length > 0 && (
        <Section title={t('campaigns.entityTitle')}>
          <EntityCampaignList items={campaigns} />
        </Section>
      )}
      <Section title={t('card.topFindings')}>
        <TopFindings findings={posture.topFindings} />
      </Section>
      <Section title={t('card.owner')}>
        <OwnerContact ownerRef={ownerRef} />
      </Section>
      <Section title={t('card.coverage')}>
        <ScannerCoverageList
          coverage={posture.coverage}
          missing={posture.missingScanners}
        />
      </Section>
      <Section title={t('card.checks.title')}>
        <ScorecardChecks checks={posture.checks} />
      </Section>
      <Section title={t('card.template')}>
        <TemplateStatus template={posture.template} />
      </Section>
    </Stack>
  );
}
