/**
 * Pure serialisers behind the charts' Download menu: a data table as CSV or JSON, a file name
 * from a chart's name, a standalone SVG document, and which chart each data table belongs to.
 * No DOM here (exportDom.ts does the browser part), so all of it is unit-tested in Node.
 */
import { isValidElement, type ReactNode } from 'react';

/** A table cell as exported: numbers stay numbers, everything else becomes its text. */
export type Cell = string | number;

/** The text a React node shows: strings and numbers as they are, elements by their children. */
export function nodeText(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'bigint') return String(node);
  if (Array.isArray(node)) return node.map(nodeText).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return nodeText(node.props.children);
  return '';
}

/** A table's cells for export: numbers kept, every other node reduced to its text. */
export function exportCells(rows: ReactNode[][]): Cell[][] {
  return rows.map((r) => r.map((c) => (typeof c === 'number' ? c : nodeText(c))));
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(v: Cell): string {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A table as CSV (RFC 4180): a header line, then one line per row, CRLF line ends. */
export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  return [columns, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export interface TableJson {
  /** what the table shows ("Recorded next-token distribution"). */
  title: string;
  /** the table's caption: what a row is and what the columns hold. */
  caption: string;
  columns: string[];
  /** one object per row, keyed by column header (a repeated header gets " (2)", " (3)"…). */
  rows: Record<string, Cell>[];
}

/** Column headers made unique, so every one can be a JSON key. */
export function uniqueKeys(columns: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((c) => {
    const n = (seen.get(c) ?? 0) + 1;
    seen.set(c, n);
    return n === 1 ? c : `${c} (${n})`;
  });
}

/** A table as a JSON object: title, caption, columns and rows keyed by column. */
export function toTableJson(title: string, caption: string, columns: readonly string[], rows: readonly Cell[][]) {
  const keys = uniqueKeys(columns);
  const out: TableJson = {
    title,
    caption,
    columns: [...columns],
    rows: rows.map((r) => Object.fromEntries(keys.map((k, j) => [k, r[j] ?? '']))),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

/** A file name from a chart's name: "Head 3 · layer 1" → "tinyseek-head-3-layer-1". */
export function fileSlug(what: string): string {
  const slug = what
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `tinyseek-${slug || 'chart'}`;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text made safe for XML content and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

export interface SvgDocumentOptions {
  /** the chart's markup inside its <svg> (children only), styles already inlined. */
  inner: string;
  /** the original viewBox, or null to use 0 0 width height. */
  viewBox: string | null;
  /** size in CSS px as drawn on the page. */
  width: number;
  height: number;
  /** the background colour behind the chart (the panel's), so the file reads on any viewer. */
  background: string;
  /** the chart's accessible name, kept as the file's <title>. */
  title: string;
}

/** A standalone SVG file: namespaces, size, a background and the chart's name as its title. */
export function svgDocument(o: SvgDocumentOptions): string {
  const w = Math.max(1, Math.round(o.width));
  const h = Math.max(1, Math.round(o.height));
  const viewBox = o.viewBox ?? `0 0 ${w} ${h}`;
  const [vx, vy, vw, vh] = viewBox.split(/[\s,]+/).map(Number);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ` +
    `width="${w}" height="${h}" viewBox="${xmlEscape(viewBox)}" role="img" aria-label="${xmlEscape(o.title)}">` +
    `<title>${xmlEscape(o.title)}</title>` +
    `<rect x="${vx}" y="${vy}" width="${vw}" height="${vh}" fill="${xmlEscape(o.background)}"/>` +
    o.inner +
    `</svg>\n`
  );
}

/**
 * Which chart each data table exports as an image. `order` lists a view's charts ('chart') and
 * data tables ('data') in document order; each table takes the earliest chart before it that no
 * earlier table took (a view that draws two charts and then lists their two tables pairs them in
 * order). Returns, per table, the chart's index among the charts, or null when none is left.
 */
export function pairTablesWithCharts(order: readonly ('chart' | 'data')[]): (number | null)[] {
  const free: number[] = [];
  const out: (number | null)[] = [];
  let charts = 0;
  for (const kind of order) {
    if (kind === 'chart') free.push(charts++);
    else out.push(free.length > 0 ? free.shift()! : null);
  }
  return out;
}
