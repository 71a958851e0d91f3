import { ChangeEvent } from 'react';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import OutlinedInput from '@mui/material/OutlinedInput';
import Select, { SelectChangeEvent } from '@mui/material/Select';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import {
  FINDING_KINDS,
  FindingKind,
  FindingStatus,
  SEVERITIES,
  Severity,
} from '@golden-path/plugin-security-posture-common';
import { useT } from '../common';

const STATUSES: FindingStatus[] = ['open', 'fixed', 'suppressed'];

/** The filters of the findings table (the search text is the raw, undebounced input). */
export interface FindingsFilterValues {
  status: FindingStatus[];
  severity: Severity[];
  kind: FindingKind[];
  tool: string[];
  search: string;
}

function MultiSelect<T extends string>(props: {
  id: string;
  label: string;
  options: readonly T[];
  value: T[];
  labelOf: (option: T) => string;
  onChange: (value: T[]) => void;
}) {
  const { id, label, options, value, labelOf, onChange } = props;
  return (
    <FormControl size="small" sx={{ minWidth: 180 }}>
      <InputLabel id={`${id}-label`}>{label}</InputLabel>
      <Select<T[]>
        labelId={`${id}-label`}
        id={id}
        multiple
        value={value}
        input={<OutlinedInput label={label} />}
        renderValue={selected => selected.map(labelOf).join(', ')}
        onChange={(event: SelectChangeEvent<T[]>) => {
          const next = event.target.value;
          onChange(typeof next === 'string' ? (next.split(',') as T[]) : next);
        }}
      >
        {options.map(option => (
          <MenuItem key={option} value={option}>
            <Checkbox size="small" checked={value.includes(option)} />
            <ListItemText primary={labelOf(option)} />
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** Status, severity, kind and tool filters and a search box for the findings table. */
export function FindingsFilters(props: {
  value: FindingsFilterValues;
  tools: string[];
  onChange: (value: FindingsFilterValues) => void;
}) {
  const t = useT();
  const { value, tools, onChange } = props;
  return (
    <Stack
      direction="row"
      flexWrap="wrap"
      gap={2}
      component="form"
      role="search"
      aria-label={t('findings.filters')}
      onSubmit={event => event.preventDefault()}
    >
      <TextField
        size="small"
        id="security-findings-search"
        label={t('findings.search')}
        helperText={t('findings.searchHelp')}
        type="search"
        value={value.search}
        inputProps={{ maxLength: 200 }}
        onChange={(event: ChangeEvent<HTMLInputElement>) =>
          onChange({ ...value, search: event.target.value })
        }
      />
      <MultiSelect
        id="security-findings-status"
        label={t('findings.status')}
        options={STATUSES}
        value={value.status}
        labelOf={status => t(`status.${status}`)}
        onChange={status => onChange({ ...value, status })}
      />
      <MultiSelect
        id="security-findings-severity"
        label={t('findings.severity')}
        options={SEVERITIES}
        value={value.severity}
        labelOf={severity => t(`severity.${severity}`)}
        onChange={severity => onChange({ ...value, severity })}
      />
      <MultiSelect
        id="security-findings-kind"
        label={t('findings.kind')}
        options={FINDING_KINDS}
        value={value.kind}
        labelOf={kind => t(`kind.${kind}`)}
        onChange={kind => onChange({ ...value, kind })}
      />
      {tools.length > 0 && (
        <MultiSelect
          id="security-findings-tool"
          label={t('findings.tool')}
          options={tools}
          value={value.tool}
          labelOf={tool => tool}
          onChange={tool => onChange({ ...value, tool })}
        />
      )}
    </Stack>
  );
}
