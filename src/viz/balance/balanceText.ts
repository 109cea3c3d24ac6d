/**
 * The words of the Load balance view: chart summaries for aria-labels and the data tables'
 * rows, from balanceMath's numbers. Pure, so the stories and tests can check the same strings.
 */
import { formatNumber, formatPercent } from '../common/format';
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
  const dropped = drops && drops.count > 0 ? ` ${drops.count} assignments would be dropped, hatched.` : '';
  return (
    `Bar chart: load f of each of ${b.nRouted} experts in layer ${b.layer} over ${b.tokens} tokens; ` +
    `fair share is 1. Busiest expert ${hi} at ${formatNumber(b.f[hi])}, ` +
    `least used expert ${lo} at ${formatNumber(b.f[lo])}.${dropped}`
  );
}

export function describeMeanProb(b: LayerBalance): string {
  const hi = argmax(b.P);
  const lo = argmin(b.P);
  return (
    `Bar chart: mean router probability P of each of ${b.nRouted} experts; uniform is ` +
    `1/${b.nRouted} = ${formatPercent(1 / b.nRouted)}. Highest expert ${hi} at ${formatPercent(b.P[hi])}, ` +
    `lowest expert ${lo} at ${formatPercent(b.P[lo])}.`
  );
}

export function describeDeviceLoad(b: LayerBalance): string {
  const parts = b.device.f.map((f, i) => `device ${i}: f′ ${formatNumber(f)}, f″ ${formatNumber(b.device.fComm[i])}`);
  return `Bar chart per device, 1 = balanced: f′ is the mean load of its experts, f″ the tokens it receives. ${parts.join('; ')}.`;
}

export function describeLosses(b: LayerBalance): string {
  const t = lossText(b);
  return `Bar chart of the balance losses as L/α, where 1 = balanced: expert-level ${t.expert}, device-level ${t.device}, communication ${t.comm}.`;
}

export function describeCapacity(d: CapacityDrops): string {
  const parts = d.load.map((n, i) => `device ${i} ${n}${d.perDevice[i] ? ` (${d.perDevice[i]} dropped)` : ''}`);
  return (
    `Bar chart: token–expert assignments per device against a capacity of ${d.capacity} ` +
    `(factor ${formatNumber(d.capacityFactor)} × mean load ${formatNumber(d.fairLoad, 1)}): ${parts.join(', ')}.`
  );
}

/** "12 of 96 assignments (12.5%)" or "none of 96 assignments". */
export function dropSummary(d: CapacityDrops, k: number, tokens: number): string {
  const total = k * tokens;
  if (d.count === 0) return `No assignments dropped: every device is within its capacity of ${d.capacity}.`;
  return `${d.count} of ${total} token–expert assignments would be dropped (${formatPercent(d.share)}).`;
}

/** Rows of the per-expert table: expert, device, count, f, P, dropped. */
export function expertRows(b: LayerBalance, drops: CapacityDrops | null): (string | number)[][] {
  return b.f.map((f, e) => [
    `expert ${e}`,
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
    `device ${i}`,
    b.device.load[i],
    b.device.sent[i],
    formatNumber(f, 3),
    formatNumber(b.device.P[i], 4),
    formatNumber(b.device.fComm[i], 3),
  ]);
}
