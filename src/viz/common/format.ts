/**
 * Number formatting shared by the views: one place decides how many digits a student sees.
 * Pure functions; no DOM.
 */

/** A number with `digits` decimals, using a real minus sign ("−0.12"); "–" for NaN/∞. */
export function formatNumber(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  // toFixed keeps "-0.00" for tiny negatives; show it as 0.
  if (Number(s) === 0) return (0).toFixed(digits);
  return s.replace('-', '−');
}

/** A signed number ("+0.12", "−0.12", "0.00"). */
export function formatSigned(x: number, digits = 2): string {
  const s = formatNumber(x, digits);
  return x > 0 && Number(x.toFixed(digits)) !== 0 ? `+${s}` : s;
}

/**
 * A probability in [0, 1] as a percent with about two significant digits below 10 %
 * (0.0015 → "0.15%", 0.042 → "4.2%", 0.5 → "50%"), so the untrained model's tiny
 * probabilities stay readable.
 */
export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) return '–';
  const pct = p * 100;
  const a = Math.abs(pct);
  if (a === 0) return '0%';
  if (a >= 10) return `${formatNumber(pct, 0)}%`;
  if (a >= 1) return `${formatNumber(pct, 1)}%`;
  // two significant digits, at most 4 decimals.
  const digits = Math.min(4, 1 - Math.floor(Math.log10(a)));
  return `${formatNumber(pct, digits)}%`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * Bytes in binary units with three significant digits: 1023 → "1023 B", 1152 → "1.13 KiB",
 * 27648 → "27 KiB", 9059696640 → "8.44 GiB"; "–" for NaN/∞.
 */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < BYTE_UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} B` : `${Number(v.toPrecision(3))} ${BYTE_UNITS[u]}`;
}

/**
 * A percent formatter for axis ticks `step` apart: every tick gets the same decimals
 * (0.0005 steps → "0%", "0.05%", "0.10%"), unlike formatPercent's per-value digits.
 */
export function percentTicks(step: number): (p: number) => string {
  // the decimals the step itself needs in percent: 0.05 → 2, 2.5 → 1, 5 → 0.
  const s = step * 100;
  let digits = 0;
  while (s > 0 && digits < 6 && Math.abs(Math.round(s * 10 ** digits) - s * 10 ** digits) > 1e-6) digits++;
  return (p: number) => (p === 0 ? '0%' : `${formatNumber(p * 100, digits)}%`);
}
