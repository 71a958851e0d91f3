import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  HistoryPoint,
  SEVERITIES,
} from '@golden-path/plugin-security-posture-common';
import { useT } from '../common';

function openTotal(point: HistoryPoint): number {
  return SEVERITIES.reduce((sum, severity) => sum + point.open[severity], 0);
}

/**
 * The daily score (left axis) and open findings (right axis) of a component, oldest first, with
 * a sentence that states the same for screen readers.
 */
export function TrendChart(props: { points: HistoryPoint[] }) {
  const t = useT();
  const theme = useTheme();
  const { points } = props;
  if (points.length === 0) {
    return <Typography variant="body2">{t('trend.empty')}</Typography>;
  }
  const data = points.map(point => ({
    day: point.day,
    score: point.score,
    open: openTotal(point),
  }));
  const first = data[0];
  const last = data[data.length - 1];
  const scoreLabel = t('trend.score');
  const openLabel = t('trend.open');
  return (
    <figure style={{ margin: 0 }}>
      <div style={{ width: '100%', height: 260 }} aria-hidden>
        <ResponsiveContainer
          width="100%"
          height="100%"
          initialDimension={{ width: 640, height: 260 }}
        >
          <LineChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis yAxisId="score" domain={[0, 100]} />
            <YAxis yAxisId="open" orientation="right" allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Line
              yAxisId="score"
              type="monotone"
              dataKey="score"
              name={scoreLabel}
              stroke={theme.palette.primary.main}
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              yAxisId="open"
              type="monotone"
              dataKey="open"
              name={openLabel}
              stroke={theme.palette.error.main}
              strokeDasharray="5 3"
              strokeWidth={2}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <Typography
        variant="caption"
        component="figcaption"
        color="text.secondary"
      >
        {t('trend.summary', {
          first: first.score === null ? '—' : String(first.score),
          last: last.score === null ? '—' : String(last.score),
          days: String(data.length),
          firstOpen: String(first.open),
          lastOpen: String(last.open),
        })}
      </Typography>
    </figure>
  );
}
