import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { Posture } from '@golden-path/plugin-security-posture-common';
import { useT } from '../common';

/**
 * What the deployment gate would answer now, from the policy results served with the posture:
 * enforced violations first, then warnings; each says its policy, rule and message as text (log-mode
 * results stay off the card).
 */
export function PolicyStatus(props: { policy: Posture['policy'] }) {
  const t = useT();
  const violations = (props.policy?.violations ?? []).filter(
    v => v.mode !== 'log',
  );
  if (!props.policy) return null;
  let decision: 'allow' | 'warn' | 'deny' = 'allow';
  if (violations.some(v => v.mode === 'enforce')) decision = 'deny';
  else if (violations.length > 0) decision = 'warn';
  return (
    <>
      <Typography
        variant="body2"
        color={decision === 'deny' ? 'error' : 'text.primary'}
      >
        {t(`card.gate.${decision}`)}
      </Typography>
      {violations.length > 0 && (
        <List dense disablePadding aria-label={t('card.policyTitle')}>
          {violations.map(v => (
            <ListItem key={`${v.policy}/${v.rule}/${v.message}`} disableGutters>
              <ListItemText
                primary={`${t(
                  `card.policyMode.${v.mode as 'enforce' | 'warn'}`,
                )}: ${v.message}`}
                secondary={`${v.policy}/${v.rule}`}
              />
            </ListItem>
          ))}
        </List>
      )}
    </>
  );
}
