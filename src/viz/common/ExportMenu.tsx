/**
 * A chart's Download menu (beside its Show data button): the chart as SVG or PNG, its data as
 * CSV or JSON. A disclosure, not an ARIA menu: a button that shows a short list of buttons;
 * Escape closes it and gives the focus back.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { S } from '../../strings';
import { exportCells, fileSlug, toCsv, toTableJson } from './export';
import { chartForTable, downloadFile, standaloneSvg, svgToPng } from './exportDom';
import './vizBase.css';
import './showData.css';

export interface ExportMenuProps {
  /** the chart's name, as on its Show data button. */
  what: string;
  /** the table caption, kept in the JSON. */
  caption: string;
  columns: string[];
  rows: ReactNode[][];
  /** the ShowData root this menu sits in: the chart is found from it. */
  tableRoot: () => HTMLElement | null;
}

type Format = 'svg' | 'png' | 'csv' | 'json';

export function ExportMenu({ what, caption, columns, rows, tableRoot }: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const [hasChart, setHasChart] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const name = fileSlug(what);

  const toggle = () => {
    const root = tableRoot();
    setHasChart(root !== null && chartForTable(root) !== null);
    setError(null);
    setOpen(!open);
  };
  const save = async (format: Format) => {
    try {
      if (format === 'csv') downloadFile(`${name}.csv`, toCsv(columns, exportCells(rows)), 'text/csv');
      else if (format === 'json')
        downloadFile(`${name}.json`, toTableJson(what, caption, columns, exportCells(rows)), 'application/json');
      else {
        const root = tableRoot();
        const chart = root && chartForTable(root);
        if (!chart) throw new Error(S.download.notOnPage);
        const svg = standaloneSvg(chart);
        if (format === 'svg') downloadFile(`${name}.svg`, svg.text, 'image/svg+xml');
        else downloadFile(`${name}.png`, await svgToPng(svg.text, svg.width, svg.height), 'image/png');
      }
    } catch (e) {
      setError(S.download.failed(e instanceof Error ? e.message : String(e)));
    }
  };
  const formats: [Format, string][] = [
    ...(hasChart
      ? ([
          ['svg', S.download.svg],
          ['png', S.download.png],
        ] as [Format, string][])
      : []),
    ['csv', S.download.csv],
    ['json', S.download.json],
  ];
  return (
    <div
      className="viz-export"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="viz-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={S.download.buttonName(what)}
        onClick={toggle}
      >
        {S.download.button}
      </button>
      <ul id={id} className="viz-export-list" hidden={!open}>
        {formats.map(([f, label]) => (
          <li key={f}>
            <button
              type="button"
              className="viz-button"
              aria-label={`${label}: ${S.download.itemName(what, f.toUpperCase())}`}
              onClick={() => void save(f)}
            >
              {label}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
