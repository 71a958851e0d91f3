import { FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/core-plugin-api';
import {
  Campaign,
  CampaignGoal,
  CampaignInput,
  CampaignScope,
} from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { errorMessage, useT } from '../common';

type GoalType = CampaignGoal['type'];

/** The form's fields as the user types them (lists as comma-separated text). */
interface CampaignFields {
  title: string;
  description: string;
  goalType: GoalType;
  expression: string;
  templateRef: string;
  minVersion: string;
  rule: string;
  pkg: string;
  tiers: string;
  lifecycles: string;
  systems: string;
  owners: string;
  kinds: string;
  templates: string;
  startsAt: string;
  deadline: string;
  ownerRef: string;
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

function fieldsOf(campaign?: Campaign): CampaignFields {
  const scope = campaign?.scope ?? {};
  const join = (values?: Array<string | number>) => (values ?? []).join(', ');
  return {
    title: campaign?.title ?? '',
    description: campaign?.description ?? '',
    goalType: campaign?.goal.type ?? 'policy',
    expression: campaign?.goal.expression ?? '',
    templateRef: campaign?.goal.templateRef ?? '',
    minVersion: campaign?.goal.minVersion ?? '',
    rule: campaign?.goal.filter?.rule ?? '',
    pkg: campaign?.goal.filter?.package ?? '',
    tiers: join(scope.tiers),
    lifecycles: join(scope.lifecycles),
    systems: join(scope.systems),
    owners: join(scope.owners),
    kinds: join(scope.kinds),
    templates: join(scope.templates),
    startsAt: day(campaign?.startsAt) || new Date().toISOString().slice(0, 10),
    deadline: day(campaign?.deadline),
    ownerRef: campaign?.ownerRef ?? '',
  };
}

const list = (text: string) =>
  text
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);

function goalOf(fields: CampaignFields): CampaignGoal {
  switch (fields.goalType) {
    case 'policy':
      return { type: 'policy', expression: fields.expression };
    case 'template':
      return {
        type: 'template',
        templateRef: fields.templateRef,
        minVersion: fields.minVersion,
      };
    default:
      return {
        type: 'no-finding',
        filter: {
          ...(fields.rule.trim() ? { rule: fields.rule.trim() } : {}),
          ...(fields.pkg.trim() ? { package: fields.pkg.trim() } : {}),
        },
      };
  }
}

/** The fields as the API's input; the server checks them and names the field that is wrong. */
export function inputOf(fields: CampaignFields): CampaignInput {
  const goal = goalOf(fields);
  const scope: CampaignScope = {};
  const tiers = list(fields.tiers).map(Number);
  if (tiers.length > 0) scope.tiers = tiers;
  for (const key of [
    'lifecycles',
    'systems',
    'owners',
    'kinds',
    'templates',
  ] as const) {
    const values = list(fields[key]);
    if (values.length > 0) scope[key] = values;
  }
  return {
    title: fields.title,
    description: fields.description,
    goal,
    scope,
    // a day's start, and the whole deadline day
    startsAt: fields.startsAt ? `${fields.startsAt}T00:00:00Z` : undefined,
    deadline: fields.deadline ? `${fields.deadline}T23:59:59Z` : '',
    ...(fields.ownerRef.trim() ? { ownerRef: fields.ownerRef.trim() } : {}),
  };
}

/**
 * The dialog that creates a campaign, or edits one (sending the version it was read at, so a
 * change made meanwhile is refused rather than overwritten). The server's 400 names the field.
 */
export function CampaignForm(props: {
  open: boolean;
  campaign?: Campaign;
  onClose: () => void;
  onSaved: (campaign: Campaign) => void;
}) {
  const { campaign, onClose, onSaved } = props;
  const t = useT();
  const api = useApi(securityPostureApiRef);
  const [fields, setFields] = useState<CampaignFields>(() =>
    fieldsOf(campaign),
  );
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const templates = useAsync(async () => api.listTemplates(), [api]);
  const set = (patch: Partial<CampaignFields>) =>
    setFields(previous => ({ ...previous, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const input = inputOf(fields);
      const saved = campaign
        ? await api.updateCampaign(campaign.id, {
            ...input,
            version: campaign.version,
          })
        : await api.createCampaign(input);
      onSaved(saved);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const text = (
    key: keyof CampaignFields,
    label: string,
    extra: {
      helperText?: string;
      multiline?: boolean;
      required?: boolean;
    } = {},
  ) => (
    <TextField
      label={label}
      value={fields[key]}
      onChange={event => set({ [key]: event.target.value })}
      fullWidth
      {...extra}
    />
  );

  return (
    <Dialog open={props.open} onClose={onClose} maxWidth="md" fullWidth>
      <form onSubmit={submit} aria-label={t('campaigns.form.createTitle')}>
        <DialogTitle>
          {campaign
            ? t('campaigns.form.editTitle')
            : t('campaigns.form.createTitle')}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {text('title', t('campaigns.form.title'), { required: true })}
            {text('description', t('campaigns.form.description'), {
              multiline: true,
            })}
            <TextField
              select
              label={t('campaigns.goalType.label')}
              value={fields.goalType}
              onChange={event =>
                set({ goalType: event.target.value as GoalType })
              }
            >
              {(['policy', 'template', 'no-finding'] as const).map(type => (
                <MenuItem key={type} value={type}>
                  {t(`campaigns.goalType.${type}`)}
                </MenuItem>
              ))}
            </TextField>
            {fields.goalType === 'policy' &&
              text('expression', t('campaigns.form.expression'), {
                helperText: t('campaigns.form.expressionHelp'),
                required: true,
              })}
            {fields.goalType === 'template' && (
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                <TextField
                  select
                  label={t('campaigns.form.templateRef')}
                  value={fields.templateRef}
                  onChange={event => set({ templateRef: event.target.value })}
                  sx={{ minWidth: 280 }}
                  required
                >
                  {(templates.value?.items ?? []).map(template => (
                    <MenuItem key={template.ref} value={template.ref}>
                      {template.title} ({template.latestVersion})
                    </MenuItem>
                  ))}
                </TextField>
                {text('minVersion', t('campaigns.form.minVersion'), {
                  required: true,
                })}
              </Stack>
            )}
            {fields.goalType === 'no-finding' && (
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                {text('rule', t('campaigns.form.rule'))}
                {text('pkg', t('campaigns.form.package'))}
              </Stack>
            )}
            <Typography variant="subtitle2">
              {t('campaigns.form.scope')}
            </Typography>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              {text('tiers', t('campaigns.form.tiers'), {
                helperText: t('campaigns.form.tiersHelp'),
              })}
              {text('lifecycles', t('campaigns.form.lifecycles'))}
              {text('kinds', t('campaigns.form.kinds'))}
            </Stack>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              {text('systems', t('campaigns.form.systems'), {
                helperText: t('campaigns.form.listHelp'),
              })}
              {text('owners', t('campaigns.form.owners'))}
              {text('templates', t('campaigns.form.templates'))}
            </Stack>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <TextField
                type="date"
                label={t('campaigns.form.startsAt')}
                value={fields.startsAt}
                onChange={event => set({ startsAt: event.target.value })}
                InputLabelProps={{ shrink: true }}
              />
              <TextField
                type="date"
                label={t('campaigns.form.deadline')}
                value={fields.deadline}
                onChange={event => set({ deadline: event.target.value })}
                InputLabelProps={{ shrink: true }}
                required
              />
              {text('ownerRef', t('campaigns.form.ownerRef'), {
                helperText: t('campaigns.form.ownerHelp'),
              })}
            </Stack>
            {error && (
              <Alert severity="error" role="alert">
                {t('campaigns.form.failed', { message: error })}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('campaigns.form.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={saving}>
            {t('campaigns.form.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
