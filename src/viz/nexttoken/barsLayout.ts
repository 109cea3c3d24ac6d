/**
 * Geometry of the next-token bar charts: the recorded distribution and the what-if one share a
 * single probability scale so bar lengths compare across the two. Pure; React draws the result.
 */
import { scaleLinear } from 'd3';
import { horizontalBars, type BarRect, type HorizontalBars } from '../common/bars';

/** A token with its probability, as records[i].next holds them. */
export interface TokenP {
  id: number;
  p: number;
  text: string;
}

/** Chart size in SVG user units (the SVG scales to its container). */
export const NEXT_SIZE = { width: 440, rowHeight: 22, left: 96, right: 72, top: 4 } as const;

/** Token texts longer than this are cut with "…". */
const MAX_LABEL = 11;

/** A token's text for a row label, cut to fit. */
export function tokenLabel(text: string): string {
  const chars = Array.from(text);
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join('')}…` : text;
}

/** The end of the shared probability axis: the largest p of both lists, rounded up nicely. */
export function sharedMax(a: TokenP[], b: TokenP[] | null): number {
  const peak = Math.max(0, ...a.map((t) => t.p), ...(b ?? []).map((t) => t.p));
  if (peak <= 0) return 1;
  return Math.min(1, scaleLinear().domain([0, peak]).nice(4).domain()[1]);
}

export interface DistributionRow {
  token: TokenP;
  rank: number;
  bar: BarRect;
  /** the same token's p in the reference list; null when it is not there (a newcomer). */
  referenceP: number | null;
  /** x of referenceP on the shared scale, px; null as above. */
  referenceX: number | null;
}

export interface DistributionChart {
  axis: HorizontalBars;
  rows: DistributionRow[];
}

/**
 * Rows for one list on [0, xMax]. With a `reference` list (the recorded distribution), each row
 * also gets that token's recorded p, so the what-if chart can mark how far it moved.
 */
export function distributionChart(list: TokenP[], xMax: number, reference?: TokenP[]): DistributionChart {
  const axis = horizontalBars(
    list.map((t) => t.p),
    { ...NEXT_SIZE, xMax, padding: 0.25, ticks: 3 },
  );
  const refP = new Map((reference ?? []).map((t) => [t.id, t.p]));
  const rows = list.map((token, i) => {
    const referenceP = reference ? (refP.get(token.id) ?? null) : null;
    return {
      token,
      rank: i + 1,
      bar: axis.bars[i],
      referenceP,
      referenceX: referenceP === null ? null : axis.x(referenceP),
    };
  });
  return { axis, rows };
}
