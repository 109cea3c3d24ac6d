/**
 * Smallest and largest of long arrays, in plain loops: `Math.min(...xs)` passes every value as an
 * argument and overflows the call stack past about 100,000 of them (a long Balance-lab run).
 */

/** The largest value of `xs` (and of `also`), NaN ignored; `empty` when there is none. */
export function maxOf(xs: ArrayLike<number>, empty = -Infinity, ...also: number[]): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] > m) m = xs[i];
  for (const v of also) if (v > m) m = v;
  return m === -Infinity ? empty : m;
}

/** The smallest value of `xs` (and of `also`), NaN ignored; `empty` when there is none. */
export function minOf(xs: ArrayLike<number>, empty = Infinity, ...also: number[]): number {
  let m = Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] < m) m = xs[i];
  for (const v of also) if (v < m) m = v;
  return m === Infinity ? empty : m;
}

/** Index of the largest value of `xs` (the first of equals); -1 when empty. */
export function argMax(xs: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < xs.length; i++) if (best < 0 || xs[i] > xs[best]) best = i;
  return best;
}
