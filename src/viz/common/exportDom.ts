/**
 * The browser half of chart export: find the chart a data table belongs to, copy it with its
 * computed styles written inline (so the file looks as it does on the page, theme colours
 * included), draw it onto a canvas for PNG, and hand a file to the browser's downloads.
 */
import { S } from '../../strings';
import { pairTablesWithCharts, svgDocument, type SvgDocumentOptions } from './export';

/** The charts that can be exported: SVG images with an accessible name. */
const CHART = 'svg[role="img"]';
/** ShowData's root element. */
const TABLE = '.viz-data';

/**
 * The chart a data table (ShowData's root) belongs to: inside the nearest ancestor, up to the
 * view's region, that holds any chart, tables and charts are paired in document order.
 */
export function chartForTable(table: Element): SVGSVGElement | null {
  for (let node = table.parentElement; node; node = node.parentElement) {
    const charts = [...node.querySelectorAll<SVGSVGElement>(CHART)].filter((c) => !c.closest(TABLE));
    if (charts.length > 0) {
      const items = [...node.querySelectorAll(`${CHART}, ${TABLE}`)].filter(
        (e) => e.matches(TABLE) || !e.closest(TABLE),
      );
      const pairs = pairTablesWithCharts(items.map((e) => (e.matches(TABLE) ? 'data' : 'chart')));
      const at = items.filter((e) => e.matches(TABLE)).indexOf(table);
      const i = at < 0 ? null : pairs[at];
      return i === null ? null : charts[i];
    }
    if (node.getAttribute('role') === 'region') return null;
  }
  return null;
}

/** Presentation properties copied from the computed style onto every element of the copy. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
];

/** A copy of the chart with its computed styles inline, ready to stand alone as an SVG file. */
export function standaloneSvg(svg: SVGSVGElement): { text: string; width: number; height: number } {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    to[i].setAttribute('style', style);
    to[i].removeAttribute('class');
  });
  const box = svg.getBoundingClientRect();
  const panel = svg.closest('.panel') ?? document.body;
  const bg = getComputedStyle(panel).backgroundColor;
  const options: SvgDocumentOptions = {
    inner: new XMLSerializer()
      .serializeToString(copy)
      .replace(/^<svg[^>]*>/, '')
      .replace(/<\/svg>\s*$/, ''),
    viewBox: svg.getAttribute('viewBox'),
    width: box.width,
    height: box.height,
    background: bg && bg !== 'rgba(0, 0, 0, 0)' ? bg : '#ffffff',
    title: svg.getAttribute('aria-label') ?? '',
  };
  return { text: svgDocument(options), width: options.width, height: options.height };
}

/** The SVG file drawn onto a canvas at `scale` × its size, as a PNG. */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(S.download.noCanvas);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(S.download.noPng))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Hands a file to the browser's downloads. */
export function downloadFile(name: string, data: Blob | string, type: string): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
