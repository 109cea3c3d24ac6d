/**
 * A seeded pseudo-random generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
 * 128 bits of state, passes PractRand) seeded from one 32-bit integer through splitmix32.
 * The whole state, including the spare Box-Muller normal, is a plain object, so a training run
 * can be saved and resumed bit-exactly. Math.random is never used anywhere in the model.
 */

/** The complete generator state: four uint32 words and the cached second Box-Muller normal. */
export interface RngState {
  a: number;
  b: number;
  c: number;
  d: number;
  /** the second normal of the last Box-Muller pair, or null when none is waiting. */
  spare: number | null;
}

const TWO_POW_32 = 4294967296;

/** splitmix32 step: returns the next seed and a well-mixed 32-bit output. */
function splitmix32(seed: number): [next: number, out: number] {
  const next = (seed + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

function isUint32(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < TWO_POW_32;
}

export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private spare: number | null = null;

  /** seed: any integer; it is taken modulo 2^32, so -1 and 4294967295 give the same stream. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`Rng seed must be a safe integer, got ${seed}`);
    let s = seed | 0; // ToInt32 is exact modulo 2^32 for every safe integer
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(s);
      s = next;
      words.push(out);
    }
    [this.a, this.b, this.c, this.d] = words;
    // sfc32's first outputs are correlated with the seed; the reference implementation discards 12.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer (one sfc32 step). */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1), in steps of 2^-32. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** A standard normal N(0, 1) by Box-Muller; every second call returns the cached spare. */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    const u1 = 1 - this.next(); // (0, 1]: log never sees 0
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** A uniform integer in [0, n), without modulo bias (rejection sampling). n ≤ 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`Rng.int(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
    }
    // Accept draws below the largest multiple of n that fits in 2^32.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** A copy of the state; JSON.stringify/parse of it round-trips exactly. */
  getState(): RngState {
    return { a: this.a >>> 0, b: this.b >>> 0, c: this.c >>> 0, d: this.d >>> 0, spare: this.spare };
  }

  /** A generator that continues exactly where the one that produced `s` was. */
  static fromState(s: RngState): Rng {
    if (typeof s !== 'object' || s === null) throw new TypeError('Rng.fromState: expected a state object');
    for (const k of ['a', 'b', 'c', 'd'] as const) {
      if (!isUint32(s[k])) throw new TypeError(`Rng.fromState: ${k} must be a uint32, got ${JSON.stringify(s[k])}`);
    }
    if (s.spare !== null && (typeof s.spare !== 'number' || !Number.isFinite(s.spare))) {
      throw new TypeError(`Rng.fromState: spare must be null or a finite number, got ${JSON.stringify(s.spare)}`);
    }
    const r = new Rng(0);
    r.a = s.a | 0;
    r.b = s.b | 0;
    r.c = s.c | 0;
    r.d = s.d | 0;
    r.spare = s.spare;
    return r;
  }
}
