import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import DownloadIcon from '@mui/icons-material/Download';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ScorecardGroupBy } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { useT } from '../common';
import { downloadText } from './downloadText';
import { scorecardCsv } from './scorecardCsv';
import { ScorecardTable } from './ScorecardTable';
import { ScorecardTree } from './scorecardTree';
import { useMyOwnershipRefs } from './useMyOwnershipRefs';

const GROUPINGS: ScorecardGroupBy[] = ['owner', 'system', 'domain'];

/**
 * The lead's scorecard: tabs for teams (nested), systems and domains; "only my teams" by default
 * for a user who belongs to a listed team; expand and collapse; CSV export of the shown lines.
 */
export function ScorecardView() {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const [groupBy, setGroupBy] = useState<ScorecardGroupBy>('owner');
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [onlyMine, setOnlyMine] = useState<boolean>();
  const mine = useMyOwnershipRefs();

  const scorecards = useAsync(() => api.getScorecards(groupBy), [api, groupBy]);
  const tree = useMemo(
    () => new ScorecardTree(scorecards.value?.items ?? []),
    [scorecards.value],
  );
  const myTeamsListed = tree.roots(mine.refs).length > 0;
  const filterMine = groupBy === 'owner' && (onlyMine ?? myTeamsListed);
  const lines = useMemo(
    () =>
      tree.visibleLines(
        tree.roots(filterMine ? mine.refs : undefined),
        expanded,
      ),
    [tree, filterMine, mine.refs, expanded],
  );

  const toggle = (entityRef: string) =>
    setExpanded(previous => {
      const next = new Set(previous);
      if (next.has(entityRef)) {
        next.delete(entityRef);
      } else {
        next.add(entityRef);
      }
      return next;
    });

  const tabLabel = t(`scorecard.tabs.${groupBy}`);
  return (
    <Stack spacing={2}>
      <Tabs
        value={groupBy}
        onChange={(_event, value: ScorecardGroupBy) => {
          setGroupBy(value);
          setExpanded(new Set());
        }}
        aria-label={t('scorecard.title')}
      >
        {GROUPINGS.map(grouping => (
          <Tab
            key={grouping}
            value={grouping}
            label={t(`scorecard.tabs.${grouping}`)}
            id={`security-scorecard-tab-${grouping}`}
            aria-controls="security-scorecard-panel"
          />
        ))}
      </Tabs>
      <Stack
        direction="row"
        spacing={2}
        alignItems="center"
        justifyContent="space-between"
      >
        {groupBy === 'owner' ? (
          <FormControlLabel
            control={
              <Switch
                checked={filterMine}
                onChange={event => setOnlyMine(event.target.checked)}
              />
            }
            label={t('scorecard.myTeams')}
          />
        ) : (
          <span />
        )}
        <Button
          variant="outlined"
          size="small"
          startIcon={<DownloadIcon />}
          disabled={lines.length === 0}
          onClick={() =>
            downloadText(
              `security-scorecard-${groupBy}.csv`,
              scorecardCsv(lines),
              'text/csv;charset=utf-8',
            )
          }
        >
          {t('scorecard.export')}
        </Button>
      </Stack>
      <div
        role="tabpanel"
        id="security-scorecard-panel"
        aria-labelledby={`security-scorecard-tab-${groupBy}`}
      >
        {(scorecards.loading || mine.loading) && <Progress />}
        {scorecards.error && <ResponseErrorPanel error={scorecards.error} />}
        {scorecards.value && !mine.loading && (
          <Stack spacing={2}>
            {filterMine && !myTeamsListed && (
              <Alert severity="info">{t('scorecard.noMyTeams')}</Alert>
            )}
            <ScorecardTable lines={lines} label={tabLabel} onToggle={toggle} />
          </Stack>
        )}
      </div>
    </Stack>
  );
}
