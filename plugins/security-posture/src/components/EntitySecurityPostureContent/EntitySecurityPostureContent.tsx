import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { useSearchParams } from 'react-router-dom';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Finding } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { NotAllowed, useCanReadPosture, useT } from '../common';
import { AwaitingFirstScan } from '../EntitySecurityPostureCard/AwaitingFirstScan';
import { EntityCampaignList } from '../EntityCampaigns';
import { EntityExceptions } from '../Exceptions';
import { CoverageTable } from './CoverageTable';
import { FindingDetailDialog } from './FindingDetailDialog';
import { FindingsFilters, FindingsFilterValues } from './FindingsFilters';
import { FindingsSort, FindingsTable } from './FindingsTable';
import { TrendChart } from './TrendChart';
import { useFindingsPage } from './useFindingsPage';

/** How long the search box waits for typing to stop before it queries. */
const SEARCH_DEBOUNCE_MS = 300;

/** How many days of history the trend shows. */
const HISTORY_DAYS = 90;

/**
 * Props of {@link EntitySecurityPostureContent}.
 *
 * @public
 */
export interface EntitySecurityPostureContentProps {
  /** Where the "awaiting first scan" state links to; see the card's `docsUrl`. */
  docsUrl?: string;
}

/**
 * The Security tab of a component: its findings (filters, search, sort, cursor pagination and
 * details), the trend of its score and open findings, and which scanners reported when.
 *
 * @public
 */
export function EntitySecurityPostureContent(
  props: EntitySecurityPostureContentProps,
) {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);

  // `?q=` searches the findings from the start (a finding campaign links its matches so)
  const [params] = useSearchParams();
  const linkedSearch = params.get('q')?.slice(0, 200) ?? '';
  const [filters, setFilters] = useState<FindingsFilterValues>({
    status: ['open'],
    severity: [],
    kind: [],
    tool: [],
    search: linkedSearch,
  });
  const [query, setQuery] = useState(linkedSearch.trim());
  useDebounce(() => setQuery(filters.search.trim()), SEARCH_DEBOUNCE_MS, [
    filters.search,
  ]);
  // highest priority first (severity, exploitation and exposure; docs/prioritisation.md)
  const [sort, setSort] = useState<FindingsSort>({
    sort: 'priority',
    order: 'desc',
  });
  const [selected, setSelected] = useState<Finding>();
  // bumped when an exception is requested from a finding's details: the list reloads
  const [exceptionsVersion, setExceptionsVersion] = useState(0);

  const permission = useCanReadPosture(entityRef);
  const allowed = permission.allowed;
  const posture = useAsync(
    async () => (allowed ? api.getPosture(entityRef) : undefined),
    [api, entityRef, allowed],
  );
  const history = useAsync(
    async () => (allowed ? api.getHistory(entityRef, HISTORY_DAYS) : undefined),
    [api, entityRef, allowed],
  );
  const campaigns = useAsync(
    async () => (allowed ? api.listEntityCampaigns(entityRef) : undefined),
    [api, entityRef, allowed],
  );
  const findings = useFindingsPage(entityRef, allowed, {
    status: filters.status,
    severity: filters.severity,
    kind: filters.kind,
    tool: filters.tool,
    q: query || undefined,
    sort: sort.sort,
    order: sort.order,
  });

  if (
    permission.loading ||
    posture.loading ||
    (allowed && !posture.value && !posture.error)
  ) {
    return <Progress />;
  }
  if (!allowed) {
    return <NotAllowed />;
  }
  if (posture.error) {
    return <ResponseErrorPanel error={posture.error} />;
  }
  if (!posture.value || posture.value.state !== 'scanned') {
    return (
      <InfoCard title={t('findings.title')}>
        <AwaitingFirstScan
          state={posture.value?.state ?? 'not-enrolled'}
          entityRef={entityRef}
          docsUrl={props.docsUrl}
        />
      </InfoCard>
    );
  }

  const tools = [
    ...new Set(posture.value.coverage.flatMap(entry => entry.tools)),
  ].sort();

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title={t('findings.title')}>
          <FindingsFilters
            value={filters}
            tools={tools}
            onChange={setFilters}
          />
          {findings.error && <ResponseErrorPanel error={findings.error} />}
          {findings.loading && <Progress />}
          {/* The last page stays while the next one loads, so focus stays on the control used. */}
          {findings.value && (
            <FindingsTable
              findings={findings.value.items}
              totalCount={findings.value.totalCount}
              sort={sort}
              onSort={setSort}
              onOpen={setSelected}
              page={findings.page}
              hasPrevious={findings.hasPrevious}
              hasNext={findings.hasNext}
              onPrevious={findings.previous}
              onNext={findings.next}
            />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <EntityExceptions entityRef={entityRef} version={exceptionsVersion} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={t('campaigns.entityTitle')}>
          {campaigns.error && <ResponseErrorPanel error={campaigns.error} />}
          {campaigns.value && campaigns.value.items.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              {t('campaigns.entityNone')}
            </Typography>
          )}
          {campaigns.value && campaigns.value.items.length > 0 && (
            <EntityCampaignList items={campaigns.value.items} />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title={t('trend.title')}>
          {history.loading && <Progress />}
          {history.error && <ResponseErrorPanel error={history.error} />}
          {history.value && <TrendChart points={history.value.points} />}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title={t('coverage.title')}>
          <CoverageTable posture={posture.value} />
        </InfoCard>
      </Grid>
      <FindingDetailDialog
        entityRef={entityRef}
        finding={selected}
        onClose={() => setSelected(undefined)}
        onExceptionRequested={() => setExceptionsVersion(v => v + 1)}
      />
    </Grid>
  );
}
