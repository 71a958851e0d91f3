import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { Posture } from '@golden-path/plugin-security-posture-common';
import { useT } from '../common';

function signed(points: number): string {
  const rounded = Math.round(points * 10) / 10;
  return rounded > 0 ? `+${rounded}` : String(rounded);
}

/**
 * Why the score is what it is: each term the backend counted (open and overdue findings per
 * severity, missing scanners, the OpenSSF Scorecard blend), behind a disclosure.
 */
export function ScoreBreakdown(props: {
  breakdown: Posture['scoreBreakdown'];
}) {
  const t = useT();
  if (props.breakdown.length === 0) {
    return null;
  }
  return (
    <Box component="details" sx={{ typography: 'body2' }}>
      <Box component="summary" sx={{ cursor: 'pointer' }}>
        {t('card.breakdown')}
      </Box>
      <Box component="ul" sx={{ m: 0, pl: 3 }}>
        {props.breakdown.map((term, index) => (
          <li key={`${index}-${term.label}`}>
            <Typography variant="body2" component="span">
              {term.label}: {signed(term.points)}
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}
