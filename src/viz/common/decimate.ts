/**
 * Fewer points for drawing a long curve: the points are split into `buckets` runs of consecutive
 * points, and each run keeps its smallest and its largest value (in their order), so a one-step
 * spike stays visible however long the run. A non-finite value in a run keeps one point, so the
 * line still breaks there. The first and last points are always kept. Pure.
 */

/** `points` ([x, y] in x order) cut to at most about 2·buckets (+ gaps) points; short input is returned as is. */
export function decimateMinMax(points: [number, number][], buckets: number): [number, number][] {
  const n = points.length;
  const b = Math.max(1, Math.floor(buckets));
  if (n <= 2 * b) return points;
  const out: [number, number][] = [];
  const per = n / b;
  for (let k = 0; k < b; k++) {
    const from = Math.floor(k * per);
    const to = Math.min(n, Math.floor((k + 1) * per));
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (let i = from; i < to; i++) {
      const v = points[i][1];
      if (!Number.isFinite(v)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || v < points[lo][1]) lo = i;
      if (hi < 0 || v > points[hi][1]) hi = i;
    }
    const keep = [...new Set([k === 0 ? from : -1, lo, hi, gap, k === b - 1 ? to - 1 : -1])]
      .filter((i) => i >= 0)
      .sort((a, c) => a - c);
    for (const i of keep) out.push(points[i]);
  }
  return out;
}

/** Indices 0, k, 2k, … of `n` rows (and always the last), k the smallest stride that keeps at most about `max`. */
export function strideIndices(n: number, max: number): { stride: number; indices: number[] } {
  const stride = Math.max(1, Math.ceil(n / Math.max(1, max)));
  const indices: number[] = [];
  for (let i = 0; i < n; i += stride) indices.push(i);
  if (n > 0 && indices.at(-1) !== n - 1) indices.push(n - 1);
  return { stride, indices };
}
