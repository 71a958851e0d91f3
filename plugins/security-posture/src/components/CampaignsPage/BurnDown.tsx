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
import { CampaignDay } from '@golden-path/plugin-security-posture-common';
import { useT } from '../common';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The most days the chart draws (a longer campaign shows its last ones). */
const MAX_DAYS = 400;

interface BurnDownPoint {
  day: string;
  failing?: number;
  compliant?: number;
  ideal?: number;
}

/**
 * The chart's points: every day from the series' first day to the deadline (or the last day
 * evaluated, when later), the failing and compliant counts where a day was evaluated, and the
 * straight "on track" line from the first day's failing count to none at the deadline.
 */
export function burnDownPoints(
  history: CampaignDay[],
  deadline: string,
): BurnDownPoint[] {
  if (history.length === 0) return [];
  const byDay = new Map(history.map(d => [d.day, d]));
  const first = Date.parse(`${history[0].day}T00:00:00Z`);
  const deadlineDay = Date.parse(`${deadline.slice(0, 10)}T00:00:00Z`);
  const lastEvaluated = Date.parse(
    `${history[history.length - 1].day}T00:00:00Z`,
  );
  const last = Math.max(deadlineDay, lastEvaluated);
  const start = Math.max(first, last - (MAX_DAYS - 1) * DAY_MS);
  const span = Math.max(1, (deadlineDay - first) / DAY_MS);
  const points: BurnDownPoint[] = [];
  for (let time = start; time <= last; time += DAY_MS) {
    const day = new Date(time).toISOString().slice(0, 10);
    const evaluated = byDay.get(day);
    const elapsed = (time - first) / DAY_MS;
    points.push({
      day,
      failing: evaluated?.failing,
      compliant: evaluated?.compliant,
      ideal:
        time <= deadlineDay
          ? Math.round(history[0].failing * (1 - elapsed / span) * 10) / 10
          : undefined,
    });
  }
  return points;
}

/** A campaign's burn-down: failing components per day against the straight line to the deadline. */
export function BurnDown(props: { history: CampaignDay[]; deadline: string }) {
  const t = useT();
  const theme = useTheme();
  const { history, deadline } = props;
  if (history.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {t('campaigns.burndownEmpty')}
      </Typography>
    );
  }
  const data = burnDownPoints(history, deadline);
  const first = history[0];
  const last = history[history.length - 1];
  return (
    <figure style={{ margin: 0 }}>
      <div style={{ width: '100%', height: 280 }} aria-hidden>
        <ResponsiveContainer
          width="100%"
          height="100%"
          initialDimension={{ width: 640, height: 280 }}
        >
          <LineChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" minTickGap={24} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Line
              type="monotone"
              dataKey="failing"
              name={t('campaigns.burndownFailing')}
              stroke={theme.palette.error.main}
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="compliant"
              name={t('campaigns.burndownCompliant')}
              stroke={theme.palette.success.main}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              type="linear"
              dataKey="ideal"
              name={t('campaigns.burndownIdeal')}
              stroke={theme.palette.text.secondary}
              strokeDasharray="6 4"
              dot={false}
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
        {t('campaigns.burndownSummary', {
          first: String(first.failing),
          firstDay: first.day,
          last: String(last.failing),
          lastDay: last.day,
          deadline: deadline.slice(0, 10),
        })}
      </Typography>
    </figure>
  );
}
