/** A "Show data" toggle that reveals the HTML table behind a chart (keyboard-operable, aria-expanded). */
import { useId, useState, type ReactNode } from 'react';
import './showData.css';

export interface ShowDataProps {
  /** what the data is, read after "Show data" by screen readers (e.g. "live cache"). */
  what: string;
  /** the table, rendered only while open. */
  children: ReactNode;
}

export function ShowData({ what, children }: ShowDataProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="ka-data">
      <button
        type="button"
        className="ka-data-toggle"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`Show data: ${what}`}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'} </span>
        Show data
      </button>
      <div id={id} className="ka-data-body" hidden={!open}>
        {open && children}
      </div>
    </div>
  );
}
