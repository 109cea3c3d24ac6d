/** Seeded random test inputs, all drawn from the model's own generator (src/model/rng.ts). */
import { Rng } from '../../src/model/rng';

/** A seeded stream of standard normals N(0, 1). */
export function normals(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.normal();
}

/** A rows × cols matrix of next()·scale. */
export function randomMatrix(rows: number, cols: number, next: () => number, scale = 1): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => next() * scale));
}
