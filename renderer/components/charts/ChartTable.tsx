// The text alternative every chart carries (issue 14 item 9): the same numbers as a table, one click away, so a
// screen reader or a keyboard user gets everything the picture shows.
import type { ReactNode } from 'react';

export function ChartTable({ summary, caption, head, rows, testId }: { summary: string; caption: string; head: readonly string[]; rows: readonly (readonly ReactNode[])[]; testId?: string }) {
  return (
    <details className="chart-table" data-testid={testId}>
      <summary>{summary}</summary>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (j === 0 ? <th scope="row" key={j}>{c}</th> : <td key={j}>{c}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
