/**
 * Geometry of the Load balance view's charts, from balanceMath's numbers: per-expert load with
 * its dropped part, mean router probability, per-device load, the three losses as L/α, and the
 * device capacity chart. Pure; the React components only draw what this returns.
 */
import {
  groupedBars,
  horizontalBars,
  verticalBars,
  type GroupedBars,
  type HorizontalBars,
  type Margin,
  type VerticalBars,
} from '../common/bars';
import { S } from '../../strings';
import type { CapacityDrops, LayerBalance } from './balanceMath';

/** Chart sizes in SVG user units (the SVGs scale to their container). */
export const SIZES = {
  expert: { width: 480, height: 210, margin: { top: 12, right: 58, bottom: 48, left: 40 } as Margin },
  device: { width: 400, height: 210, margin: { top: 12, right: 64, bottom: 36, left: 40 } as Margin },
  loss: { width: 420, rowHeight: 34, left: 150, right: 50, top: 22 },
} as const;

/** A segment of a bar, px. */
export interface Segment {
  y: number;
  height: number;
}

export interface ExpertBar {
  expert: number;
  device: number;
  value: number;
  x: number;
  width: number;
  /** the whole bar. */
  bar: Segment;
  /** the top part that token dropping would remove; null when nothing is dropped. */
  dropped: Segment | null;
  /** whether the expert number is written under this bar (thinned out when bars are narrow). */
  label: boolean;
}

export interface ExpertChart {
  axis: VerticalBars;
  bars: ExpertBar[];
  /** each device's span along x, for the bracket under the bars. */
  devices: { device: number; x0: number; x1: number }[];
  /** y of the reference line (fair share, or uniform probability), px. */
  refY: number;
}

/** Writes every nth expert number so labels stay ≥ 14 px apart. */
function labelEvery(bandwidth: number, padding: number): number {
  return Math.max(1, Math.ceil(14 / (bandwidth / (1 - padding))));
}

function expertChart(values: number[], perGroup: number, ref: number, minYMax: number, dropped?: number[]) {
  const s = SIZES.expert;
  const axis = verticalBars(values, { ...s, minYMax, padding: 0.2 });
  const every = labelEvery(axis.bandwidth, 0.2);
  const bars: ExpertBar[] = axis.bars.map((b) => {
    const drop = dropped?.[b.index] ?? 0;
    const keptTop = axis.y(Math.max(0, b.value - drop));
    return {
      expert: b.index,
      device: Math.floor(b.index / perGroup),
      value: b.value,
      x: b.x,
      width: b.width,
      bar: { y: b.y, height: b.height },
      dropped: drop > 0 ? { y: b.y, height: keptTop - b.y } : null,
      label: b.index % every === 0,
    };
  });
  const nGroups = values.length / perGroup;
  const devices = Array.from({ length: nGroups }, (_, device) => {
    const first = bars[device * perGroup];
    const last = bars[(device + 1) * perGroup - 1];
    return { device, x0: first.x, x1: last.x + last.width };
  });
  return { axis, bars, devices, refY: axis.y(ref) };
}

/** f_i per expert with the fair-share line at 1; the part `drops` would remove is marked. */
export function expertLoadChart(b: LayerBalance, drops: CapacityDrops | null): ExpertChart {
  const toF = b.nRouted / (b.k * b.tokens); // one assignment in units of f
  const dropped = drops?.perExpert.map((n) => n * toF);
  return expertChart(b.f, b.nRouted / b.nGroup, 1, 2, dropped);
}

/** P_i per expert with the uniform line at 1/N_r. */
export function meanProbChart(b: LayerBalance): ExpertChart {
  return expertChart(b.P, b.nRouted / b.nGroup, 1 / b.nRouted, 2 / b.nRouted);
}

export interface DeviceChart {
  axis: GroupedBars;
  /** y of the line at 1, px. */
  refY: number;
}

/** Per device, f'_i (mean expert load) and f''_i (tokens received), both 1 when balanced. */
export function deviceLoadChart(b: LayerBalance): DeviceChart {
  const values = b.device.f.map((f, i) => [f, b.device.fComm[i]]);
  const axis = groupedBars(values, { ...SIZES.device, minYMax: 2 });
  return { axis, refY: axis.y(1) };
}

export interface CapacityChart {
  axis: VerticalBars;
  /** per device, the assignments over capacity; null when none. */
  dropped: (Segment | null)[];
  /** y of the capacity line and of the mean load K·T/D, px. */
  capacityY: number;
  fairY: number;
}

/** Assignments per device against the capacity ⌈factor·K·T/D⌉; the part over it is marked. */
export function capacityChart(drops: CapacityDrops): CapacityChart {
  const axis = verticalBars(drops.load, {
    ...SIZES.device,
    minYMax: Math.max(drops.capacity, drops.fairLoad) * 1.1,
    padding: 0.35,
  });
  const dropped = axis.bars.map((bar, i) => {
    const n = drops.perDevice[i];
    if (n === 0) return null;
    return { y: bar.y, height: axis.y(bar.value - n) - bar.y };
  });
  return { axis, dropped, capacityY: axis.y(drops.capacity), fairY: axis.y(drops.fairLoad) };
}

export interface LossRow {
  key: 'expert' | 'device' | 'comm';
  /** short name shown beside the bar. */
  label: string;
  value: number;
}

export interface LossChart {
  axis: HorizontalBars;
  rows: LossRow[];
  /** x of the "balanced" line at 1, px. */
  balancedX: number;
}

/** The three losses as L/α on one scale from 0, with 1 (= balanced) marked. */
export function lossChart(b: LayerBalance): LossChart {
  const rows: LossRow[] = [
    { key: 'expert', label: S.balance.losses.expert, value: b.loss.expert },
    { key: 'device', label: S.balance.losses.device, value: b.loss.device },
    { key: 'comm', label: S.balance.losses.comm, value: b.loss.comm },
  ];
  const peak = Math.max(2, ...rows.map((r) => r.value));
  const xMax = Math.ceil(peak * 2) / 2;
  const axis = horizontalBars(
    rows.map((r) => r.value),
    { ...SIZES.loss, xMax, padding: 0.3, ticks: 4 },
  );
  return { axis, rows, balancedX: axis.x(1) };
}
