import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  securityPostureTemplateUpgradePermission,
  TemplateUpgrade,
  UpgradeRun,
} from '@golden-path/plugin-security-posture-common';
import LinearProgress from '@mui/material/LinearProgress';
import Alert from '@mui/material/Alert';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { securityPostureApiRef } from '../../api';
import { useT } from '../common';
import { AdoptionChart } from './AdoptionChart';
import { ComponentsBehind } from './ComponentsBehind';
import { TemplateVersions } from './TemplateVersions';
import { TemplateSummary } from '@golden-path/plugin-security-posture-common';

function Panel(props: {
  title: string;
  id: string;
  children: React.ReactNode;
}) {
  return (
    <Paper variant="outlined" sx={{ p: 2, height: '100%' }}>
      <Stack spacing={1} component="section" aria-labelledby={props.id}>
        <Typography variant="h6" component="h3" id={props.id}>
          {props.title}
        </Typography>
        {props.children}
      </Stack>
    </Paper>
  );
}

function TemplateDetails(props: { template: TemplateSummary }) {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const { template } = props;
  const components = useAsyncRetry(
    () =>
      api.listTemplateComponents({
        namespace: template.namespace,
        name: template.name,
      }),
    [api, template.namespace, template.name],
  );
  const upgradePermission = usePermission({
    permission: securityPostureTemplateUpgradePermission,
  });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<
    { results: Pick<TemplateUpgrade, 'state'>[] } | { error: Error } | undefined
  >();
  // "upgrade all behind" is a run of the queue: followed here until it is done
  const [run, setRun] = useState<UpgradeRun | undefined>();
  const upgrade = async (entityRefs: string[] | 'allBehind') => {
    setBusy(true);
    setOutcome(undefined);
    try {
      if (entityRefs === 'allBehind') {
        setRun(
          await api.startTemplateUpgradeRun(
            { namespace: template.namespace, name: template.name },
            { allBehind: true },
          ),
        );
        return;
      }
      const { items } = await api.startTemplateUpgrades(
        { namespace: template.namespace, name: template.name },
        { entityRefs },
      );
      setOutcome({ results: items });
      components.retry();
    } catch (error) {
      setOutcome({ error: error as Error });
    } finally {
      setBusy(false);
    }
  };
  const runId = run?.id;
  const runDone = run?.state === 'done';
  useEffect(() => {
    if (!runId || runDone) return undefined;
    let cancelled = false;
    const timer = setInterval(async () => {
      try {
        const page = await api.getUpgradeRun(runId, { limit: 1 });
        if (cancelled) return;
        setRun(page.run);
        if (page.run.state === 'done') {
          const results = Object.entries(page.run.outcomes).flatMap(
            ([state, n]) =>
              Array.from({ length: n }, () => ({
                state: state as TemplateUpgrade['state'],
              })),
          );
          setOutcome({ results });
          components.retry();
        }
      } catch (error) {
        if (!cancelled) setOutcome({ error: error as Error });
      }
    }, 1000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
    // components.retry is stable enough: a new run starts a new poll
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, runId, runDone]);
  const ids = {
    versions: `golden-path-template-versions-${template.name}`,
    adoption: `golden-path-template-adoption-${template.name}`,
    behind: `golden-path-template-behind-${template.name}`,
  };
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <Panel title={t('templates.versionsTitle')} id={ids.versions}>
          <TemplateVersions
            versions={template.versions}
            latestVersion={template.latestVersion}
            headingId={ids.versions}
          />
        </Panel>
      </Grid>
      <Grid item xs={12} md={6}>
        <Panel title={t('templates.adoptionTitle')} id={ids.adoption}>
          <AdoptionChart
            adoption={template.adoption}
            latestVersion={template.latestVersion}
            title={t('templates.adoptionTitle')}
          />
        </Panel>
      </Grid>
      <Grid item xs={12}>
        <Panel title={t('templates.componentsTitle')} id={ids.behind}>
          {components.loading && <Progress />}
          {components.error && <ResponseErrorPanel error={components.error} />}
          {outcome && 'error' in outcome && (
            <Alert severity="error">
              {t('templates.upgradeFailed', { message: outcome.error.message })}
            </Alert>
          )}
          {outcome && 'results' in outcome && (
            <Alert
              severity={
                outcome.results.some(
                  r => r.state === 'failed' || r.state === 'blocked',
                )
                  ? 'warning'
                  : 'success'
              }
            >
              {t('templates.upgradeOutcome', {
                done: String(
                  outcome.results.filter(
                    r => r.state !== 'failed' && r.state !== 'blocked',
                  ).length,
                ),
                stopped: String(
                  outcome.results.filter(
                    r => r.state === 'failed' || r.state === 'blocked',
                  ).length,
                ),
              })}
            </Alert>
          )}
          {busy && <Progress />}
          {run && run.state !== 'done' && (
            <Stack spacing={0.5} role="status">
              <Typography variant="body2">
                {t('templates.runProgress', {
                  done: String(run.done),
                  total: String(run.total),
                })}
              </Typography>
              <LinearProgress
                variant="determinate"
                value={run.total ? (100 * run.done) / run.total : 0}
                aria-label={t('templates.runProgress', {
                  done: String(run.done),
                  total: String(run.total),
                })}
              />
            </Stack>
          )}
          {components.value && (
            <ComponentsBehind
              components={components.value.items}
              latestVersion={template.latestVersion}
              title={t('templates.componentsTitle')}
              onUpgrade={upgradePermission.allowed ? upgrade : undefined}
              busy={busy}
            />
          )}
          {!upgradePermission.loading && !upgradePermission.allowed && (
            <Alert severity="info">{t('templates.upgradeNotAllowed')}</Alert>
          )}
        </Panel>
      </Grid>
    </Grid>
  );
}

/**
 * The platform engineer's view of the golden-path templates: a tab per template with its versions
 * and changelog, how many components are on each version, and the components made from it.
 */
export function TemplatesView() {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const templates = useAsync(() => api.listTemplates(), [api]);
  const [selected, setSelected] = useState<string>();

  if (templates.loading) {
    return <Progress />;
  }
  if (templates.error) {
    return <ResponseErrorPanel error={templates.error} />;
  }
  const items = templates.value?.items ?? [];
  if (items.length === 0) {
    return <Typography variant="body2">{t('templates.empty')}</Typography>;
  }
  const current = items.find(item => item.ref === selected) ?? items[0];
  return (
    <Stack spacing={2}>
      <Tabs
        value={current.ref}
        onChange={(_event, value: string) => setSelected(value)}
        aria-label={t('templates.title')}
        variant="scrollable"
      >
        {items.map(item => (
          <Tab
            key={item.ref}
            value={item.ref}
            label={t('templates.tab', {
              title: item.title,
              version: item.latestVersion,
            })}
            id={`golden-path-template-tab-${item.name}`}
            aria-controls="golden-path-template-panel"
          />
        ))}
      </Tabs>
      <div
        role="tabpanel"
        id="golden-path-template-panel"
        aria-labelledby={`golden-path-template-tab-${current.name}`}
      >
        <TemplateDetails key={current.ref} template={current} />
      </div>
    </Stack>
  );
}
