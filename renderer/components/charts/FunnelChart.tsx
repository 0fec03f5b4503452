// SENT → RECEIVED → READ / EXPIRED as horizontal bars (plain SVG: no chart library to audit or update). Each bar is
// its share of the accepted documents; the picture has a one-sentence name and a table behind it (ChartTable).

export type FunnelStage = { key: string; label: string; value: number; tone: 'neutral' | 'ok' | 'bad' };

const ROW = 30;
const LABEL_W = 110;
const VALUE_W = 120;
const WIDTH = 520;

export function FunnelChart({ name, stages, total, formatValue, testId }: { name: string; stages: readonly FunnelStage[]; total: number; formatValue: (v: number, share: number) => string; testId?: string }) {
  const barW = WIDTH - LABEL_W - VALUE_W;
  const height = stages.length * ROW + 6;
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={name} data-testid={testId}>
      {stages.map((s, i) => {
        const share = total > 0 ? s.value / total : 0;
        const y = i * ROW + 4;
        return (
          <g key={s.key} data-stage={s.key} data-value={s.value}>
            <text x={LABEL_W - 8} y={y + 16} textAnchor="end" className="chart-label">
              {s.label}
            </text>
            <rect x={LABEL_W} y={y + 3} width={barW} height={18} rx={4} className="chart-track" />
            <rect x={LABEL_W} y={y + 3} width={Math.max(share > 0 ? 2 : 0, barW * Math.min(1, share))} height={18} rx={4} className={`chart-bar chart-${s.tone}`} />
            <text x={LABEL_W + barW + 8} y={y + 16} className="chart-value">
              {formatValue(s.value, share)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
