/**
 * The words of the Load balance view: chart summaries for aria-labels and the data tables'
 * rows, from balanceMath's numbers. Pure, so the stories and tests can check the same strings.
 */
import { formatNumber, formatPercent } from '../common/format';
import { S } from '../../strings';
import type { CapacityDrops, LayerBalance } from './balanceMath';

const argmax = (xs: number[]) => xs.reduce((best, x, i) => (x > xs[best] ? i : best), 0);
const argmin = (xs: number[]) => xs.reduce((best, x, i) => (x < xs[best] ? i : best), 0);

/** The three losses with the digits the view shows. */
export function lossText(b: LayerBalance): { expert: string; device: string; comm: string } {
  return {
    expert: formatNumber(b.loss.expert, 3),
    device: formatNumber(b.loss.device, 3),
    comm: formatNumber(b.loss.comm, 3),
  };
}

export function describeExpertLoad(b: LayerBalance, drops: CapacityDrops | null): string {
  const hi = argmax(b.f);
  const lo = argmin(b.f);
  const dropped = drops && drops.count > 0 ? S.balance.text.dropped(drops.count) : '';
  return S.balance.text.expertLoad(
    b.nRouted,
    b.layer,
    b.tokens,
    hi,
    formatNumber(b.f[hi]),
    lo,
    formatNumber(b.f[lo]),
    dropped,
  );
}

export function describeMeanProb(b: LayerBalance): string {
  const hi = argmax(b.P);
  const lo = argmin(b.P);
  return S.balance.text.meanProb(
    b.nRouted,
    formatPercent(1 / b.nRouted),
    hi,
    formatPercent(b.P[hi]),
    lo,
    formatPercent(b.P[lo]),
  );
}

export function describeDeviceLoad(b: LayerBalance): string {
  const parts = b.device.f.map((f, i) =>
    S.balance.text.devicePart(i, formatNumber(f), formatNumber(b.device.fComm[i])),
  );
  return S.balance.text.deviceLoad(parts.join('; '));
}

export function describeLosses(b: LayerBalance): string {
  const t = lossText(b);
  return S.balance.text.losses(t.expert, t.device, t.comm);
}

export function describeCapacity(d: CapacityDrops): string {
  const parts = d.load.map((n, i) => S.balance.text.capacityPart(i, n, d.perDevice[i]));
  return S.balance.text.capacity(
    d.capacity,
    formatNumber(d.capacityFactor),
    formatNumber(d.fairLoad, 1),
    parts.join(', '),
  );
}

/** "12 of 96 assignments (12.5%)" or "none of 96 assignments". */
export function dropSummary(d: CapacityDrops, k: number, tokens: number): string {
  const total = k * tokens;
  if (d.count === 0) return S.balance.text.noDrops(d.capacity);
  return S.balance.text.drops(d.count, total, formatPercent(d.share));
}

/** Rows of the per-expert table: expert, device, count, f, P, dropped. */
export function expertRows(b: LayerBalance, drops: CapacityDrops | null): (string | number)[][] {
  return b.f.map((f, e) => [
    S.balance.expert(e),
    Math.floor(e / (b.nRouted / b.nGroup)),
    b.counts[e],
    formatNumber(f, 3),
    formatNumber(b.P[e], 4),
    drops?.perExpert[e] ?? 0,
  ]);
}

/** Rows of the per-device table: device, assignments, tokens received, f′, P′, f″. */
export function deviceRows(b: LayerBalance): (string | number)[][] {
  return b.device.f.map((f, i) => [
    S.balance.deviceName(i),
    b.device.load[i],
    b.device.sent[i],
    formatNumber(f, 3),
    formatNumber(b.device.P[i], 4),
    formatNumber(b.device.fComm[i], 3),
  ]);
}
