/**
 * A chart's text alternative: a "Show data" toggle button (aria-expanded) that reveals the
 * chart's numbers as an HTML table, so every value can be read without seeing the graphic.
 */
import { useId, useState } from 'react';
import './chartTable.css';

export interface ChartTableProps {
  /** the chart's name; the button reads "Show data: <title>". */
  title: string;
  /** the table caption: what one row is and what the columns hold. */
  caption: string;
  /** column headers. */
  columns: string[];
  /** cell texts, one array per row; the first cell of a row is its header. */
  rows: (string | number)[][];
  /** indices of rows to emphasise (e.g. would be dropped), also marked in text. */
  highlight?: number[];
  /** the word the marked rows get after their header ("dropped"). */
  highlightLabel?: string;
  /** start with the table shown. */
  defaultOpen?: boolean;
}

export function ChartTable({
  title,
  caption,
  columns,
  rows,
  highlight = [],
  highlightLabel = 'highlighted',
  defaultOpen = false,
}: ChartTableProps) {
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  const marked = new Set(highlight);
  return (
    <div className="ct">
      <button
        type="button"
        className="ct-toggle"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`${open ? 'Hide' : 'Show'} data: ${title}`}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide data' : 'Show data'}
      </button>
      <div id={id} className="ct-scroll" hidden={!open}>
        {open && (
          <table className="ct-table">
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
                <tr key={i} className={marked.has(i) ? 'ct-marked' : undefined}>
                  {r.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row">
                        {cell}
                        {marked.has(i) && <span className="ct-mark"> ({highlightLabel})</span>}
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
