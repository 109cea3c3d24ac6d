/**
 * A chart's text alternative (WCAG 1.1.1): a "Show data: <what>" button (aria-expanded) that
 * reveals the chart's numbers as an HTML table, so every value can be read without the graphic;
 * beside it, the Download menu (the chart as SVG or PNG, the table as CSV or JSON).
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { S } from '../../strings';
import { ExportMenu } from './ExportMenu';
import './vizBase.css';
import './showData.css';

export interface ShowDataProps {
  /** names the chart on the button: "Show data: <what>", "Hide data: <what>" while open. */
  what: string;
  /** the table caption: what one row is and what the columns hold. */
  caption: string;
  /** column headers. */
  columns: string[];
  /** cell contents, one array per row; the first cell is the row's header. */
  rows: ReactNode[][];
  /** indices of the columns that hold words rather than numbers: aligned left. */
  textColumns?: number[];
  /** indices of rows to emphasise (e.g. would be dropped), also marked in words. */
  highlight?: number[];
  /** the words a marked row gets after its header ("dropped"). */
  highlightLabel?: string;
}

export function ShowData({
  what,
  caption,
  columns,
  rows,
  textColumns = [],
  highlight = [],
  highlightLabel = S.data.highlighted,
}: ShowDataProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const id = useId();
  const marked = new Set(highlight);
  const text = new Set(textColumns);
  const align = (j: number) => (text.has(j) ? 'viz-data-text' : undefined);
  return (
    <div className="viz-data" ref={root}>
      <div className="viz-data-bar">
        <button
          type="button"
          className="viz-button"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
        >
          {open ? S.data.hide(what) : S.data.show(what)}
        </button>
        <ExportMenu what={what} caption={caption} columns={columns} rows={rows} tableRoot={() => root.current} />
      </div>
      {/* The table can scroll: the box takes focus so the keyboard can scroll it (WCAG 2.1.1). */}
      <div
        id={id}
        className="viz-data-scroll"
        hidden={!open}
        tabIndex={0}
        role="group"
        aria-label={S.data.region(what)}
      >
        {open && (
          <table className="viz-data-table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                {columns.map((c, j) => (
                  <th key={j} scope="col" className={align(j)}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} className={marked.has(i) ? 'viz-data-marked' : undefined}>
                  {r.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row">
                        {cell}
                        {marked.has(i) && <span className="viz-data-mark"> ({highlightLabel})</span>}
                      </th>
                    ) : (
                      <td key={j} className={align(j)}>
                        {cell}
                      </td>
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
