// One column per category (the dashboard's days) on a 0–100 % scale, plain SVG. Used for the read rate per day.

export type Column = { key: string; label: string; rate: number };

const WIDTH = 640;
const HEIGHT = 200;
const LEFT = 40;
const BOTTOM = 26;
const TOP = 10;

export function ColumnChart({ name, columns, testId }: { name: string; columns: readonly Column[]; testId?: string }) {
  const plotW = WIDTH - LEFT - 8;
  const plotH = HEIGHT - BOTTOM - TOP;
  const step = columns.length > 0 ? plotW / columns.length : plotW;
  const barW = Math.max(4, Math.min(36, step * 0.7));
  // Label every column while they fit; otherwise every n-th, so the days stay readable.
  const every = Math.max(1, Math.ceil(columns.length / 10));
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={name} data-testid={testId}>
      {[0, 0.5, 1].map((g) => (
        <g key={g}>
          <line x1={LEFT} x2={WIDTH - 8} y1={TOP + plotH * (1 - g)} y2={TOP + plotH * (1 - g)} className="chart-grid" />
          <text x={LEFT - 6} y={TOP + plotH * (1 - g) + 4} textAnchor="end" className="chart-axis">
            {`${g * 100}%`}
          </text>
        </g>
      ))}
      {columns.map((c, i) => {
        const h = plotH * Math.max(0, Math.min(1, c.rate));
        const x = LEFT + i * step + (step - barW) / 2;
        return (
          <g key={c.key} data-column={c.key} data-rate={c.rate}>
            <rect x={x} y={TOP + plotH - h} width={barW} height={Math.max(h, c.rate > 0 ? 1 : 0)} className="chart-bar chart-ok" />
            {i % every === 0 ? (
              <text x={x + barW / 2} y={HEIGHT - 8} textAnchor="middle" className="chart-axis">
                {c.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
