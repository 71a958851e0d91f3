import { useTheme } from '@mui/material/styles';
import { Line, LineChart, YAxis } from 'recharts';
import { useT, VisuallyHidden } from '../common';

/**
 * A small line of daily scores (oldest first; days without a score are gaps), with its first
 * and last values in words for screen readers.
 */
export function Sparkline(props: { values: Array<number | null> }) {
  const t = useT();
  const theme = useTheme();
  const known = props.values.filter((v): v is number => v !== null);
  if (known.length === 0) {
    return <>{t('scorecard.noTrend')}</>;
  }
  const data = props.values.map((score, index) => ({ index, score }));
  return (
    <span style={{ display: 'inline-block' }}>
      <span aria-hidden>
        <LineChart width={96} height={28} data={data}>
          <YAxis hide domain={[0, 100]} />
          <Line
            type="monotone"
            dataKey="score"
            stroke={theme.palette.primary.main}
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </span>
      <VisuallyHidden>
        {t('scorecard.trendLabel', {
          first: String(known[0]),
          last: String(known[known.length - 1]),
        })}
      </VisuallyHidden>
    </span>
  );
}
