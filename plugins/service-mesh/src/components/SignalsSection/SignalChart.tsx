import { useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { SeriesPoint } from '@meshport/plugin-service-mesh-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatTime, shortSha } from '../common';

/** One line of a chart. */
export interface ChartSeries {
  key: string;
  label: string;
  points: SeriesPoint[];
  color: string;
}

function mergeSeries(series: ChartSeries[]) {
  const rows = new Map<number, Record<string, number | null>>();
  for (const s of series) {
    for (const [t, v] of s.points) {
      const row = rows.get(t) ?? { t };
      row[s.key] = v;
      rows.set(t, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.t! - b.t!);
}

function describe(s: ChartSeries, format: (n: number) => string): string {
  const values = s.points
    .map(([, v]) => v)
    .filter((v): v is number => v !== null);
  if (values.length === 0) return `${s.label}: no data`;
  return `${s.label}: min ${format(Math.min(...values))}, max ${format(
    Math.max(...values),
  )}, last ${format(values[values.length - 1])}`;
}

function tickFormatter(spanSeconds: number) {
  return (t: number) => {
    const iso = new Date(t * 1000).toISOString();
    return spanSeconds > 86400 ? iso.slice(5, 10) : iso.slice(11, 16);
  };
}

/**
 * A time-series chart in the Backstage theme (light or dark), with deploy markers and an optional SLO
 * line, and a caption that says in words what the chart shows.
 */
export const SignalChart = (props: {
  title: string;
  series: ChartSeries[];
  format: (n: number) => string;
  deploys: Array<{ at: string; revision: string }>;
  threshold?: { value: number; label: string };
}) => {
  const { title, series, format, deploys, threshold } = props;
  const theme = useTheme();
  const data = mergeSeries(series);
  const span = data.length > 1 ? data[data.length - 1].t! - data[0].t! : 0;
  const axis = theme.palette.text.secondary;
  const summary = [
    ...series.map(s => describe(s, format)),
    threshold ? `${threshold.label}: ${format(threshold.value)}` : undefined,
    deploys.length
      ? `Deploys: ${deploys
          .map(d => `${formatTime(d.at)} (${shortSha(d.revision)})`)
          .join(', ')}`
      : 'No deploys in this range',
  ].filter(Boolean);

  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <Typography variant="subtitle2" component="h5">
        {title}
      </Typography>
      <div aria-hidden style={{ width: '100%', height: 200 }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          >
            <CartesianGrid
              stroke={theme.palette.divider}
              strokeDasharray="3 3"
            />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={tickFormatter(span)}
              stroke={axis}
              tick={{ fill: axis, fontSize: 11 }}
            />
            <YAxis
              stroke={axis}
              tick={{ fill: axis, fontSize: 11 }}
              tickFormatter={format}
              width={72}
            />
            <Tooltip
              labelFormatter={t =>
                formatTime(new Date(Number(t) * 1000).toISOString())
              }
              formatter={(v: number) => format(v)}
              contentStyle={{
                background: theme.palette.background.paper,
                borderColor: theme.palette.divider,
                color: theme.palette.text.primary,
              }}
            />
            <Legend wrapperStyle={{ color: theme.palette.text.primary }} />
            {series.map(s => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
            {threshold && (
              <ReferenceLine
                y={threshold.value}
                stroke={theme.palette.error.main}
                strokeDasharray="6 3"
                label={{
                  value: 'SLO',
                  fill: theme.palette.error.main,
                  fontSize: 11,
                }}
              />
            )}
            {deploys.map(d => (
              <ReferenceLine
                key={d.at}
                x={Date.parse(d.at) / 1000}
                stroke={theme.palette.info.main}
                label={{
                  value: 'deploy',
                  fill: theme.palette.info.main,
                  fontSize: 11,
                }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <Typography
        component="figcaption"
        variant="caption"
        color="textSecondary"
      >
        {summary.join('. ')}.
      </Typography>
    </figure>
  );
};
