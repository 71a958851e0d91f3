import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useT } from '../common';

/**
 * How many components are on each version of a template: a bar chart for the eye and the same
 * figures as a table, which is what screen readers and the tests read.
 */
export function AdoptionChart(props: {
  adoption: { version: string; components: number }[];
  latestVersion: string;
  title: string;
}) {
  const t = useT();
  const theme = useTheme();
  const { adoption, latestVersion, title } = props;
  if (adoption.every(entry => entry.components === 0)) {
    return <Typography variant="body2">{t('templates.noAdoption')}</Typography>;
  }
  const label = t('templates.componentsOnVersion');
  return (
    <figure style={{ margin: 0 }}>
      <div style={{ width: '100%', height: 220 }} aria-hidden>
        <ResponsiveContainer
          width="100%"
          height="100%"
          initialDimension={{ width: 480, height: 220 }}
        >
          <BarChart
            data={adoption}
            margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="version" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar
              dataKey="components"
              name={label}
              fill={theme.palette.primary.main}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <Table size="small" aria-label={title}>
          <TableHead>
            <TableRow>
              <TableCell>{t('templates.columns.version')}</TableCell>
              <TableCell align="right">{label}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {adoption.map(entry => (
              <TableRow key={entry.version}>
                <TableCell>
                  {entry.version}
                  {entry.version === latestVersion
                    ? ` (${t('templates.latest')})`
                    : ''}
                </TableCell>
                <TableCell align="right">{entry.components}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </figcaption>
    </figure>
  );
}
