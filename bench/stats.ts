/** Summary statistics of repeated timings: median with min–max and the interquartile range. */

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** first and third quartiles (linear interpolation). */
  q1: number;
  q3: number;
  /** samples. */
  n: number;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function spread(samples: number[]): Spread {
  if (samples.length === 0) throw new Error('spread: no samples');
  const s = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(s, 0.5),
    min: s[0],
    max: s[s.length - 1],
    q1: quantile(s, 0.25),
    q3: quantile(s, 0.75),
    n: s.length,
  };
}

/** The same spread for f(x) of a decreasing f (e.g. tokens/s from ms): min and max swap. */
export function mapDecreasing(x: Spread, f: (v: number) => number): Spread {
  return { median: f(x.median), min: f(x.max), max: f(x.min), q1: f(x.q3), q3: f(x.q1), n: x.n };
}
