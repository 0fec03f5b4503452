// One mailing's read rate day by day since sending, with its read deadline marked (issue 14 item 9). Plain SVG;
// the x axis runs from the first acceptance to the deadline (or the last day with reads, when later).

export type CurvePoint = { day: number; rate: number };

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 40;
const RIGHT = 16;
const TOP = 18;
const BOTTOM = 28;

export function ReadCurveChart({
  name,
  points,
  deadlineDay,
  deadlineLabel,
  dayLabel,
  testId,
}: {
  name: string;
  points: readonly CurvePoint[];
  deadlineDay: number | null;
  deadlineLabel: string;
  dayLabel: (day: number) => string;
  testId?: string;
}) {
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const lastDay = Math.max(1, deadlineDay ?? 0, points.at(-1)?.day ?? 0);
  const x = (day: number) => LEFT + (plotW * day) / lastDay;
  const y = (rate: number) => TOP + plotH * (1 - Math.max(0, Math.min(1, rate)));
  const line = points.map((p) => `${x(p.day).toFixed(1)},${y(p.rate).toFixed(1)}`).join(' ');
  const area = points.length > 0 ? `${x(points[0]?.day ?? 0).toFixed(1)},${y(0)} ${line} ${x(points.at(-1)?.day ?? 0).toFixed(1)},${y(0)}` : '';
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={name} data-testid={testId}>
      {[0, 0.5, 1].map((g) => (
        <g key={g}>
          <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(g)} y2={y(g)} className="chart-grid" />
          <text x={LEFT - 6} y={y(g) + 4} textAnchor="end" className="chart-axis">
            {`${g * 100}%`}
          </text>
        </g>
      ))}
      <text x={LEFT} y={HEIGHT - 8} className="chart-axis">
        {dayLabel(0)}
      </text>
      {area ? <polygon points={area} className="chart-area" /> : null}
      {line ? <polyline points={line} className="chart-line" /> : null}
      {deadlineDay !== null ? (
        <g data-testid={testId ? `${testId}-deadline` : undefined} data-day={deadlineDay}>
          <line x1={x(deadlineDay)} x2={x(deadlineDay)} y1={TOP - 6} y2={TOP + plotH} className="chart-deadline" />
          <text x={x(deadlineDay) - 4} y={TOP - 8} textAnchor="end" className="chart-deadline-label">
            {deadlineLabel}
          </text>
          <text x={x(deadlineDay)} y={HEIGHT - 8} textAnchor="end" className="chart-axis">
            {dayLabel(Math.round(deadlineDay))}
          </text>
        </g>
      ) : null}
    </svg>
  );
}
