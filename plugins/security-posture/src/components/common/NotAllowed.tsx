import Typography from '@mui/material/Typography';
import { useT } from './useT';

/** Says that the user may not read this component's security posture. */
export function NotAllowed() {
  const t = useT();
  return <Typography variant="body2">{t('card.notAllowed')}</Typography>;
}
