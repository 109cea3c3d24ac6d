/**
 * The "Show data" button every chart carries: it reveals the chart's numbers as an HTML table
 * (WCAG 1.1.1: the table is the chart's text alternative for anyone who cannot see it).
 */
import { useId, useState } from 'react';
import './vizBase.css';

export interface DataTableToggleProps {
  /** table caption: what one row is and what the columns hold. */
  caption: string;
  /** column headers. */
  columns: string[];
  /** cell texts, one array per row (the first cell is the row header). */
  rows: (string | number)[][];
  /** names the chart on the button ("Show data: router probabilities"). */
  chart: string;
}

export function DataTableToggle({ caption, columns, rows, chart }: DataTableToggleProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="viz-data">
      <button
        type="button"
        className="viz-data-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide' : 'Show'} data: {chart}
      </button>
      <div id={id} className="viz-data-scroll" hidden={!open}>
        {open && (
          <table className="viz-data-table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  {r.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={j}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
