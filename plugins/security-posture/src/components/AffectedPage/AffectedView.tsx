import { FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import SearchIcon from '@mui/icons-material/Search';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { securityPostureAffectedNotifyPermission } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { useT } from '../common';
import { downloadText } from '../SecurityScorecardPage/downloadText';
import { AdvisorySummary } from './AdvisorySummary';
import { AffectedComponentsTable } from './AffectedComponentsTable';
import { AffectedTeams } from './AffectedTeams';
import { affectedCsv } from './affectedCsv';
import {
  AffectedForm,
  ECOSYSTEMS,
  formFromParams,
  formToParams,
  queryOf,
} from './affectedQuery';
import { NotifyOwners } from './NotifyOwners';

/**
 * The lead's zero-day view: an advisory id, or a package and a range in its ecosystem's syntax;
 * the affected components grouped by team (nested groups rolled up) with a chart, the components
 * with owner, tier, exposure, versions, fixed versions and KEV/EPSS, CSV export, and "notify
 * owners" for those allowed. The question lives in the URL, so it can be shared as a link.
 */
export function AffectedView() {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const [params, setParams] = useSearchParams();
  const asked = formFromParams(params);
  const query = queryOf(asked);
  const [form, setForm] = useState<AffectedForm>(asked);
  const notify = usePermission({
    permission: securityPostureAffectedNotifyPermission,
  });

  const answer = useAsync(
    async () => (query ? api.getAffected(query) : undefined),
    [api, params.toString()],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(formToParams(form));
  };
  const set = (patch: Partial<AffectedForm>) =>
    setForm(previous => ({ ...previous, ...patch }));

  return (
    <Stack spacing={3}>
      <Typography variant="body1">{t('affected.intro')}</Typography>
      <form onSubmit={submit} aria-label={t('affected.formLabel')}>
        <Stack spacing={2}>
          <ToggleButtonGroup
            exclusive
            size="small"
            value={form.mode}
            onChange={(_event, mode) => mode && set({ mode })}
            aria-label={t('affected.mode.label')}
          >
            <ToggleButton value="advisory">
              {t('affected.mode.advisory')}
            </ToggleButton>
            <ToggleButton value="package">
              {t('affected.mode.package')}
            </ToggleButton>
          </ToggleButtonGroup>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
            {form.mode === 'advisory' ? (
              <TextField
                label={t('affected.advisory')}
                helperText={t('affected.advisoryHelp')}
                value={form.advisory}
                onChange={event => set({ advisory: event.target.value })}
                inputProps={{ maxLength: 100 }}
                sx={{ minWidth: 320 }}
              />
            ) : (
              <>
                <TextField
                  select
                  label={t('affected.ecosystem')}
                  value={form.ecosystem}
                  onChange={event => set({ ecosystem: event.target.value })}
                  sx={{ minWidth: 140 }}
                >
                  {ECOSYSTEMS.map(ecosystem => (
                    <MenuItem key={ecosystem} value={ecosystem}>
                      {ecosystem}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField
                  label={t('affected.package')}
                  helperText={t('affected.packageHelp')}
                  value={form.pkg}
                  onChange={event => set({ pkg: event.target.value })}
                  inputProps={{ maxLength: 1000 }}
                  sx={{ minWidth: 320 }}
                />
                <TextField
                  label={t('affected.range')}
                  helperText={t('affected.rangeHelp')}
                  value={form.range}
                  onChange={event => set({ range: event.target.value })}
                  inputProps={{ maxLength: 500 }}
                />
              </>
            )}
            <div>
              <Button
                type="submit"
                variant="contained"
                startIcon={<SearchIcon />}
                disabled={!queryOf(form)}
                sx={{ mt: 1 }}
              >
                {t('affected.search')}
              </Button>
            </div>
          </Stack>
        </Stack>
      </form>

      {answer.loading && <Progress />}
      {answer.error && <ResponseErrorPanel error={answer.error} />}
      {answer.value && query && (
        <Stack spacing={3} aria-live="polite">
          {answer.value.advisory && (
            <AdvisorySummary advisory={answer.value.advisory} />
          )}
          {query.advisory && !answer.value.advisory && (
            <Alert severity="info">
              {t('affected.unknownAdvisory', {
                id: query.advisory,
                stored: String(answer.value.advisoriesStored),
              })}
            </Alert>
          )}
          {answer.value.truncated && (
            <Alert severity="warning">{t('affected.truncated')}</Alert>
          )}
          <Stack
            direction="row"
            spacing={2}
            alignItems="center"
            justifyContent="space-between"
          >
            <Typography variant="h6" component="h2">
              {t('affected.summary', {
                components: String(answer.value.components.length),
                teams: String(
                  answer.value.teams.filter(team => team.components > 0).length,
                ),
              })}
            </Typography>
            <Stack direction="row" spacing={1}>
              <Button
                variant="outlined"
                size="small"
                startIcon={<DownloadIcon />}
                disabled={answer.value.components.length === 0}
                onClick={() =>
                  downloadText(
                    'affected-components.csv',
                    affectedCsv(answer.value!),
                    'text/csv;charset=utf-8',
                  )
                }
              >
                {t('affected.export')}
              </Button>
              {notify.allowed && (
                <NotifyOwners
                  query={query}
                  link={`${window.location.pathname}?${params.toString()}`}
                  owners={
                    new Set(
                      answer.value.components
                        .map(c => c.ownerRef)
                        .filter((ref): ref is string => ref !== null),
                    ).size
                  }
                />
              )}
            </Stack>
          </Stack>
          {answer.value.components.length === 0 ? (
            <Alert severity="success">{t('affected.none')}</Alert>
          ) : (
            <>
              <AffectedTeams teams={answer.value.teams} />
              <AffectedComponentsTable
                components={answer.value.components}
                teams={answer.value.teams}
              />
            </>
          )}
        </Stack>
      )}
    </Stack>
  );
}
