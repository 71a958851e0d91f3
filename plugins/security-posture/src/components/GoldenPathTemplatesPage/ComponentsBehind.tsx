import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import SyncProblemIcon from '@mui/icons-material/SyncProblem';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { TemplateComponent } from '@golden-path/plugin-security-posture-common';
import { useT } from '../common';
import { UpgradeStatus } from './UpgradeStatus';

/**
 * The components made from a template, the most versions behind first: owner, version, how far
 * behind, how many security releases they miss, and whether their files drifted from what the
 * template rendered (when the backend computes it).
 */
export function ComponentsBehind(props: {
  components: TemplateComponent[];
  latestVersion: string;
  title: string;
  /** Upgrades are offered when given (the user may upgrade); disabled while `busy`. */
  onUpgrade?: (entityRefs: string[] | 'allBehind') => void;
  busy?: boolean;
}) {
  const t = useT();
  const { components, title } = props;
  const behind = components.filter(c => c.behindBy > 0);
  if (components.length === 0) {
    return (
      <Typography variant="body2">{t('templates.noComponents')}</Typography>
    );
  }
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography variant="body2">
          {behind.length > 0
            ? t('templates.behindCount', { count: behind.length })
            : t('templates.noneBehind', { version: props.latestVersion })}
        </Typography>
        {props.onUpgrade && behind.length > 0 && (
          <Button
            variant="contained"
            size="small"
            disabled={props.busy}
            onClick={() => props.onUpgrade!('allBehind')}
          >
            {t('templates.upgradeAll', {
              count: behind.length,
              version: props.latestVersion,
            })}
          </Button>
        )}
      </Stack>
      <Table size="small" aria-label={title}>
        <TableHead>
          <TableRow>
            <TableCell>{t('templates.columns.component')}</TableCell>
            <TableCell>{t('templates.columns.owner')}</TableCell>
            <TableCell>{t('templates.columns.version')}</TableCell>
            <TableCell align="right">
              {t('templates.columns.behindBy')}
            </TableCell>
            <TableCell align="right">
              {t('templates.columns.securityBehind')}
            </TableCell>
            <TableCell>{t('templates.columns.drift')}</TableCell>
            <TableCell>{t('templates.columns.upgrade')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {components.map(component => (
            <TableRow key={component.entityRef}>
              <TableCell>
                <EntityRefLink entityRef={component.entityRef} />
              </TableCell>
              <TableCell>
                {component.owner ? (
                  <EntityRefLink
                    entityRef={component.owner}
                    defaultKind="group"
                  />
                ) : (
                  t('card.noOwner')
                )}
              </TableCell>
              <TableCell>{component.version}</TableCell>
              <TableCell align="right">{component.behindBy}</TableCell>
              <TableCell align="right">
                {component.securityReleasesBehind}
              </TableCell>
              <TableCell>
                {component.drifted === true && (
                  <Stack direction="row" spacing={0.5} alignItems="center">
                    <SyncProblemIcon
                      fontSize="small"
                      color="warning"
                      aria-hidden
                    />
                    <span>{t('templates.drifted')}</span>
                  </Stack>
                )}
                {component.drifted === false && t('templates.inSync')}
                {component.drifted === null && t('templates.driftUnknown')}
              </TableCell>
              <TableCell>
                <Stack spacing={1} alignItems="flex-start">
                  {component.upgrade && (
                    <UpgradeStatus upgrade={component.upgrade} />
                  )}
                  {props.onUpgrade && component.behindBy > 0 && (
                    <Button
                      variant="outlined"
                      size="small"
                      disabled={props.busy}
                      aria-label={t('templates.upgradeOneLabel', {
                        entityRef: component.entityRef,
                        version: props.latestVersion,
                      })}
                      onClick={() => props.onUpgrade!([component.entityRef])}
                    >
                      {t('templates.upgradeOne', {
                        version: props.latestVersion,
                      })}
                    </Button>
                  )}
                </Stack>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
}
