import { ChangeEvent, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityInventoryPackage,
  SEVERITIES,
} from '@golden-path/plugin-security-posture-common';
import { NotAllowed, SeverityChip, useCanReadPosture, useT } from '../common';
import type { SecurityPostureT } from '../common/useT';
import { useInventoryPage } from './useInventoryPage';

/** How long the search box waits for typing to stop before it queries. */
const SEARCH_DEBOUNCE_MS = 300;
/** The licence filter's value for packages whose reports gave no licence (the API's `none`). */
const NO_LICENCE = 'none';

type Relation = '' | 'direct' | 'transitive';

function relationOf(p: EntityInventoryPackage, t: SecurityPostureT): string {
  if (p.direct === null) return t('dependencies.unknownRelation');
  return p.direct ? t('dependencies.direct') : t('dependencies.transitive');
}

/** The open findings of a package: a chip per severity that has any, or "None". */
function PackageFindings(props: { pkg: EntityInventoryPackage }) {
  const t = useT();
  const { findings } = props.pkg;
  if (findings.total === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {t('dependencies.noFindings')}
      </Typography>
    );
  }
  return (
    <Stack
      direction="row"
      flexWrap="wrap"
      gap={0.5}
      aria-label={t('dependencies.findingsSummary', { count: findings.total })}
    >
      {SEVERITIES.filter(s => findings.bySeverity[s] > 0).map(severity => (
        <SeverityChip
          key={severity}
          severity={severity}
          count={findings.bySeverity[severity]}
        />
      ))}
    </Stack>
  );
}

/**
 * The Dependencies tab of a component: its dependency inventory from SBOMs and scanners' package
 * lists (default branch), with a search box, licence and direct/transitive filters, cursor
 * paging, and the open findings each package carries. Every text from reports is rendered as
 * plain text.
 *
 * @public
 */
export function EntityDependenciesContent() {
  const t = useT();
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const permission = useCanReadPosture(entityRef);
  const allowed = permission.allowed;

  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  useDebounce(() => setQuery(search.trim()), SEARCH_DEBOUNCE_MS, [search]);
  const [licence, setLicence] = useState('');
  const [relation, setRelation] = useState<Relation>('');

  const inventory = useInventoryPage(entityRef, allowed, {
    q: query || undefined,
    licence: licence || undefined,
    direct: relation === '' ? undefined : relation === 'direct',
  });

  if (permission.loading) return <Progress />;
  if (!allowed) return <NotAllowed />;

  const licences = inventory.value?.licences ?? [];
  const nothingStored =
    inventory.value !== undefined &&
    licences.length === 0 &&
    inventory.value.totalCount === 0;

  const columns = [
    t('dependencies.columns.package'),
    t('dependencies.columns.version'),
    t('dependencies.columns.licences'),
    t('dependencies.columns.relation'),
    t('dependencies.columns.paths'),
    t('dependencies.columns.tools'),
    t('dependencies.columns.findings'),
  ];

  return (
    <InfoCard title={t('dependencies.title')}>
      <Stack spacing={2}>
        <Stack
          direction="row"
          flexWrap="wrap"
          gap={2}
          component="form"
          role="search"
          aria-label={t('dependencies.filters')}
          onSubmit={event => event.preventDefault()}
        >
          <TextField
            size="small"
            id="security-dependencies-search"
            label={t('dependencies.search')}
            helperText={t('dependencies.searchHelp')}
            type="search"
            value={search}
            inputProps={{ maxLength: 200 }}
            onChange={(event: ChangeEvent<HTMLInputElement>) =>
              setSearch(event.target.value)
            }
          />
          <FormControl size="small" sx={{ minWidth: 200 }}>
            <InputLabel id="security-dependencies-licence-label">
              {t('dependencies.licence')}
            </InputLabel>
            <Select<string>
              labelId="security-dependencies-licence-label"
              id="security-dependencies-licence"
              label={t('dependencies.licence')}
              value={licence}
              displayEmpty
              renderValue={value => {
                if (!value) return t('dependencies.anyLicence');
                return value === NO_LICENCE
                  ? t('dependencies.noLicence')
                  : value;
              }}
              onChange={event => setLicence(event.target.value)}
            >
              <MenuItem value="">{t('dependencies.anyLicence')}</MenuItem>
              {licences.map(l => (
                <MenuItem key={l.licence} value={l.licence}>
                  {t('dependencies.licenceOption', {
                    licence:
                      l.licence === NO_LICENCE
                        ? t('dependencies.noLicence')
                        : l.licence,
                    packages: String(l.packages),
                  })}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <FormControl size="small" sx={{ minWidth: 200 }}>
            <InputLabel id="security-dependencies-relation-label">
              {t('dependencies.relation')}
            </InputLabel>
            <Select<Relation>
              labelId="security-dependencies-relation-label"
              id="security-dependencies-relation"
              label={t('dependencies.relation')}
              value={relation}
              displayEmpty
              renderValue={value => {
                if (value === 'direct') return t('dependencies.direct');
                if (value === 'transitive') {
                  return t('dependencies.transitive');
                }
                return t('dependencies.anyRelation');
              }}
              onChange={event => setRelation(event.target.value as Relation)}
            >
              <MenuItem value="">{t('dependencies.anyRelation')}</MenuItem>
              <MenuItem value="direct">{t('dependencies.direct')}</MenuItem>
              <MenuItem value="transitive">
                {t('dependencies.transitive')}
              </MenuItem>
            </Select>
          </FormControl>
        </Stack>
        {inventory.error && <ResponseErrorPanel error={inventory.error} />}
        {inventory.loading && <Progress />}
        {nothingStored && (
          <Typography variant="body2">
            {t('dependencies.noInventory')}
          </Typography>
        )}
        {inventory.value && !nothingStored && (
          <>
            <TableContainer>
              <Table size="small" aria-label={t('dependencies.title')}>
                <TableHead>
                  <TableRow>
                    {columns.map(label => (
                      <TableCell key={label}>{label}</TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {inventory.value.items.length === 0 && (
                    <TableRow>
                      <TableCell colSpan={columns.length}>
                        <Typography variant="body2">
                          {t('dependencies.empty')}
                        </Typography>
                      </TableCell>
                    </TableRow>
                  )}
                  {inventory.value.items.map(p => (
                    <TableRow key={p.purl} hover>
                      <TableCell
                        sx={{ maxWidth: 320, wordBreak: 'break-word' }}
                      >
                        <Typography variant="body2">{p.name}</Typography>
                        <Typography
                          variant="caption"
                          display="block"
                          color="text.secondary"
                          sx={{ wordBreak: 'break-all' }}
                        >
                          {p.purl}
                        </Typography>
                      </TableCell>
                      <TableCell>{p.version ?? ''}</TableCell>
                      <TableCell
                        sx={{ maxWidth: 200, wordBreak: 'break-word' }}
                      >
                        {p.licenses.length > 0
                          ? p.licenses.join(', ')
                          : t('dependencies.noLicence')}
                      </TableCell>
                      <TableCell>{relationOf(p, t)}</TableCell>
                      <TableCell sx={{ maxWidth: 240, wordBreak: 'break-all' }}>
                        {p.paths.join(', ')}
                      </TableCell>
                      <TableCell>{p.tools.join(', ')}</TableCell>
                      <TableCell>
                        <PackageFindings pkg={p} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
            <Stack
              direction="row"
              spacing={2}
              alignItems="center"
              justifyContent="flex-end"
              component="nav"
              aria-label={t('dependencies.title')}
            >
              <Typography variant="body2" aria-live="polite">
                {t('dependencies.count', {
                  count: inventory.value.totalCount,
                })}{' '}
                · {t('dependencies.page', { page: String(inventory.page) })}
              </Typography>
              <Button
                size="small"
                disabled={!inventory.hasPrevious}
                onClick={inventory.previous}
              >
                {t('dependencies.previous')}
              </Button>
              <Button
                size="small"
                disabled={!inventory.hasNext}
                onClick={inventory.next}
              >
                {t('dependencies.next')}
              </Button>
            </Stack>
          </>
        )}
      </Stack>
    </InfoCard>
  );
}
