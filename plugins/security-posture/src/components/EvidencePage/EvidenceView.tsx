import { FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  EvidenceExport,
  EvidenceQuery,
  securityPostureEvidenceReadPermission,
} from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { errorMessage, formatDay, useT } from '../common';
import { downloadText } from '../SecurityScorecardPage/downloadText';

const DAY_MS = 24 * 60 * 60 * 1000;
const FORMATS = ['json', 'csv', 'html'] as const;

interface EvidenceForm {
  from: string;
  to: string;
  framework: '' | 'soc2' | 'iso27001';
  system: string;
  owner: string;
  tier: string;
}

/** The question in the URL (so a period can be shared), the last 30 days by default. */
function formOf(params: URLSearchParams, now = Date.now()): EvidenceForm {
  const day = (time: number) => new Date(time).toISOString().slice(0, 10);
  const framework = params.get('framework');
  return {
    from: params.get('from') ?? day(now - 29 * DAY_MS),
    to: params.get('to') ?? day(now),
    framework:
      framework === 'soc2' || framework === 'iso27001' ? framework : '',
    system: params.get('system') ?? '',
    owner: params.get('owner') ?? '',
    tier: params.get('tier') ?? '',
  };
}

function queryOf(form: EvidenceForm): EvidenceQuery {
  return {
    from: form.from,
    to: form.to,
    ...(form.framework ? { framework: form.framework } : {}),
    ...(form.system.trim() ? { system: form.system.trim() } : {}),
    ...(form.owner.trim() ? { owner: form.owner.trim() } : {}),
    ...(form.tier.trim() ? { tier: Number(form.tier) } : {}),
  };
}

function paramsOf(form: EvidenceForm): URLSearchParams {
  return new URLSearchParams(
    Object.entries(form).filter(([, v]) => v !== '') as [string, string][],
  );
}

/** One line per control: its policies and its components' days summed. */
function ControlsTable(props: { evidence: EvidenceExport }) {
  const t = useT();
  return (
    <Table size="small" aria-label={t('evidence.controlsTable')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('evidence.columns.control')}</TableCell>
          <TableCell>{t('evidence.columns.policies')}</TableCell>
          <TableCell align="right">
            {t('evidence.columns.components')}
          </TableCell>
          <TableCell align="right">{t('evidence.columns.pass')}</TableCell>
          <TableCell align="right">{t('evidence.columns.fail')}</TableCell>
          <TableCell align="right">{t('evidence.columns.excepted')}</TableCell>
          <TableCell align="right">{t('evidence.columns.missing')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.evidence.controls.map(control => {
          const sum = (
            key: 'passDays' | 'failDays' | 'exceptedDays' | 'missingDays',
          ) => control.components.reduce((n, c) => n + c[key], 0);
          return (
            <TableRow key={`${control.framework}:${control.id}`}>
              <TableCell>
                <strong>{control.id}</strong> {control.title}
                <Typography
                  variant="caption"
                  display="block"
                  color="text.secondary"
                >
                  {t(`evidence.frameworks.${control.framework}`)}
                </Typography>
              </TableCell>
              <TableCell>
                {control.policies.map(p => p.name).join(', ')}
              </TableCell>
              <TableCell align="right">{control.components.length}</TableCell>
              <TableCell align="right">{sum('passDays')}</TableCell>
              <TableCell align="right">{sum('failDays')}</TableCell>
              <TableCell align="right">{sum('exceptedDays')}</TableCell>
              <TableCell align="right">{sum('missingDays')}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function ExceptionsTable(props: { evidence: EvidenceExport }) {
  const t = useT();
  return (
    <Table size="small" aria-label={t('evidence.exceptionsTable')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('evidence.exceptionColumns.component')}</TableCell>
          <TableCell>{t('evidence.exceptionColumns.subject')}</TableCell>
          <TableCell>{t('evidence.exceptionColumns.approvedBy')}</TableCell>
          <TableCell>{t('evidence.exceptionColumns.expiresAt')}</TableCell>
          <TableCell>{t('evidence.exceptionColumns.status')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.evidence.exceptions.map(e => (
          <TableRow key={e.id}>
            <TableCell>
              <EntityRefLink entityRef={e.entityRef} />
            </TableCell>
            <TableCell>{e.subject}</TableCell>
            <TableCell>{e.approvedBy ?? '—'}</TableCell>
            <TableCell>{formatDay(e.expiresAt)}</TableCell>
            <TableCell>{e.status}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * The auditor's evidence export: a period and a scope, a preview per control (missing days
 * named), and the export as JSON, CSV or a printable HTML report, each recorded in the audit log
 * with its digest (shown after the download).
 */
export function EvidenceView() {
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const permission = usePermission({
    permission: securityPostureEvidenceReadPermission,
  });
  const [params, setParams] = useSearchParams();
  const asked = formOf(params);
  const [form, setForm] = useState<EvidenceForm>(asked);
  const [download, setDownload] = useState<
    { digest: string | null; format: string } | { error: string }
  >();
  const previewing = params.has('from');
  const evidence = useAsync(
    async () =>
      previewing && permission.allowed
        ? api.getEvidence(queryOf(asked))
        : undefined,
    [api, params.toString(), permission.allowed],
  );
  const set = (patch: Partial<EvidenceForm>) =>
    setForm(previous => ({ ...previous, ...patch }));

  if (permission.loading) return <Progress />;
  if (!permission.allowed) {
    return <Alert severity="info">{t('evidence.notAllowed')}</Alert>;
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDownload(undefined);
    setParams(paramsOf(form));
  };
  const save = async (format: (typeof FORMATS)[number]) => {
    try {
      const file = await api.downloadEvidence(queryOf(asked), format);
      downloadText(
        `evidence-${asked.from}-${asked.to}.${format}`,
        file.body,
        file.contentType || 'application/octet-stream',
      );
      setDownload({ digest: file.digest, format });
    } catch (e) {
      setDownload({ error: errorMessage(e) });
    }
  };

  return (
    <Stack spacing={3}>
      <Typography variant="body1">{t('evidence.intro')}</Typography>
      <form onSubmit={submit} aria-label={t('evidence.title')}>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
          <TextField
            type="date"
            label={t('evidence.from')}
            value={form.from}
            onChange={event => set({ from: event.target.value })}
            InputLabelProps={{ shrink: true }}
            sx={{ minWidth: 170 }}
            required
          />
          <TextField
            type="date"
            label={t('evidence.to')}
            value={form.to}
            onChange={event => set({ to: event.target.value })}
            InputLabelProps={{ shrink: true }}
            sx={{ minWidth: 170 }}
            required
          />
          <TextField
            select
            label={t('evidence.framework')}
            value={form.framework}
            onChange={event =>
              set({
                framework: event.target.value as EvidenceForm['framework'],
              })
            }
            sx={{ minWidth: 180 }}
          >
            <MenuItem value="">{t('evidence.frameworks.all')}</MenuItem>
            <MenuItem value="soc2">{t('evidence.frameworks.soc2')}</MenuItem>
            <MenuItem value="iso27001">
              {t('evidence.frameworks.iso27001')}
            </MenuItem>
          </TextField>
          <TextField
            label={t('evidence.system')}
            value={form.system}
            onChange={event => set({ system: event.target.value })}
          />
          <TextField
            label={t('evidence.owner')}
            value={form.owner}
            onChange={event => set({ owner: event.target.value })}
          />
          <TextField
            label={t('evidence.tier')}
            value={form.tier}
            onChange={event => set({ tier: event.target.value })}
            inputProps={{ inputMode: 'numeric', pattern: '[0-9]*' }}
            sx={{ maxWidth: 100 }}
          />
          <div>
            <Button type="submit" variant="contained" sx={{ mt: 1 }}>
              {t('evidence.preview')}
            </Button>
          </div>
        </Stack>
      </form>
      {evidence.loading && <Progress />}
      {evidence.error && <ResponseErrorPanel error={evidence.error} />}
      {evidence.value && (
        <Stack spacing={3} aria-live="polite">
          <Typography variant="body2">
            {t('evidence.coverage', {
              days: String(evidence.value.coverage.days),
              from: formatDay(evidence.value.coverage.retainedFrom),
              controls: String(evidence.value.controls.length),
              exceptions: String(evidence.value.exceptions.length),
              events: String(evidence.value.auditEvents.length),
            })}
          </Typography>
          {evidence.value.coverage.missingDays.length > 0 && (
            <Alert severity="warning">
              {t('evidence.missingDays', {
                number: String(evidence.value.coverage.missingDays.length),
                days: evidence.value.coverage.missingDays.join(', '),
              })}
            </Alert>
          )}
          <Stack direction="row" spacing={2}>
            {FORMATS.map(format => (
              <Button
                key={format}
                variant="outlined"
                startIcon={<DownloadIcon />}
                onClick={() => save(format)}
              >
                {t('evidence.download', { format: format.toUpperCase() })}
              </Button>
            ))}
          </Stack>
          {download && 'digest' in download && download.digest && (
            <Alert severity="success">
              {t('evidence.digest', { digest: download.digest })}
            </Alert>
          )}
          {download && 'error' in download && (
            <Alert severity="error">{download.error}</Alert>
          )}
          <InfoCard title={t('evidence.controlsTable')}>
            <ControlsTable evidence={evidence.value} />
          </InfoCard>
          <InfoCard title={t('evidence.exceptionsTable')}>
            {evidence.value.exceptions.length > 0 ? (
              <ExceptionsTable evidence={evidence.value} />
            ) : (
              <Typography variant="body2" color="text.secondary">
                {t('evidence.noExceptions')}
              </Typography>
            )}
          </InfoCard>
        </Stack>
      )}
    </Stack>
  );
}
