/**
 * Training data: the encoded corpus as one token stream, served as batches of B windows of T+1
 * tokens (inputs are the first T, targets the last T).
 *
 * An epoch cuts the stream into windows of stride T starting at a random offset in [0, T), and
 * visits them in a random order (Fisher-Yates). Both come from one Rng whose state at the start of
 * the epoch is part of the position, so a position saved in a checkpoint resumes at exactly the
 * same batch. A batch that runs past the end of an epoch continues into the next one.
 */
import { Rng, type RngState } from '../model/rng';

/** Where the stream is: enough to rebuild it exactly. Plain JSON. */
export interface DataPosition {
  /** epochs completed. */
  epoch: number;
  /** windows of the current epoch already served. */
  cursor: number;
  /** the generator state at the start of the current epoch (before its offset and shuffle). */
  rng: RngState;
}

/** B sequences of T+1 consecutive tokens, row-major [B, T+1]. */
export interface Batch {
  tokens: Int32Array;
  /** sequences. */
  B: number;
  /** positions trained per sequence (each row holds T+1 tokens). */
  T: number;
}

export class DataError extends Error {
  override name = 'DataError';
}

/** The minimal tokenizer interface the corpus encoder needs. */
export interface Encoder {
  encode(text: string): number[];
  specialTokens: { bos?: number; eos: number };
}

/** Encodes a corpus with one document per line as bos? ids eos for every non-empty line. */
export function encodeCorpus(text: string, tok: Encoder): Int32Array {
  const out: number[] = [];
  const { bos, eos } = tok.specialTokens;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (bos !== undefined) out.push(bos);
    for (const id of tok.encode(line)) out.push(id);
    out.push(eos);
  }
  return Int32Array.from(out);
}

interface Epoch {
  /** window starts in visiting order. */
  starts: Int32Array;
  /** the generator after this epoch's draws: the next epoch starts from it. */
  next: RngState;
}

export class TokenStream {
  private epochNo: number;
  private cursor: number;
  private startState: RngState;
  private current: Epoch;

  /**
   * @param tokens the encoded corpus; needs at least 2T+1 tokens.
   * @param B sequences per batch. @param T positions per sequence.
   * @param seedOrPosition a seed for a fresh stream, or a saved position.
   */
  constructor(
    readonly tokens: Int32Array,
    readonly B: number,
    readonly T: number,
    seedOrPosition: number | DataPosition,
  ) {
    if (!Number.isInteger(B) || B < 1 || !Number.isInteger(T) || T < 1) {
      throw new DataError(`batch size and sequence length must be positive integers, got ${B} and ${T}`);
    }
    if (tokens.length < 2 * T + 1) {
      throw new DataError(`the corpus has ${tokens.length} tokens; sequences of ${T} need at least ${2 * T + 1}`);
    }
    if (typeof seedOrPosition === 'number') {
      this.epochNo = 0;
      this.cursor = 0;
      this.startState = new Rng(seedOrPosition).getState();
    } else {
      const p = seedOrPosition;
      if (!Number.isInteger(p.epoch) || p.epoch < 0 || !Number.isInteger(p.cursor) || p.cursor < 0) {
        throw new DataError(`bad data position ${JSON.stringify({ epoch: p.epoch, cursor: p.cursor })}`);
      }
      this.epochNo = p.epoch;
      this.cursor = p.cursor;
      this.startState = Rng.fromState(p.rng).getState();
    }
    this.current = this.plan(this.startState);
    if (this.cursor > this.current.starts.length) {
      throw new DataError(`data position ${this.cursor} is past the ${this.current.starts.length} windows of an epoch`);
    }
  }

  /** Windows in the current epoch. */
  get windowsPerEpoch(): number {
    return this.current.starts.length;
  }

  /** The position after the last batch served. */
  position(): DataPosition {
    return { epoch: this.epochNo, cursor: this.cursor, rng: { ...this.startState } };
  }

  /** Fractional epochs served so far. */
  get epochs(): number {
    return this.epochNo + this.cursor / this.current.starts.length;
  }

  /** The next batch of B windows. */
  next(): Batch {
    const { B, T } = this;
    const out = new Int32Array(B * (T + 1));
    for (let b = 0; b < B; b++) {
      if (this.cursor === this.current.starts.length) {
        this.startState = this.current.next;
        this.current = this.plan(this.startState);
        this.epochNo++;
        this.cursor = 0;
      }
      const s = this.current.starts[this.cursor++];
      out.set(this.tokens.subarray(s, s + T + 1), b * (T + 1));
    }
    return { tokens: out, B, T };
  }

  /** One epoch's offset and shuffled window order, drawn from a generator in state `state`. */
  private plan(state: RngState): Epoch {
    const rng = Rng.fromState(state);
    const T = this.T;
    const offset = rng.int(T);
    const n = Math.floor((this.tokens.length - 1 - offset) / T); // windows of T+1 tokens, stride T
    const starts = new Int32Array(n);
    for (let i = 0; i < n; i++) starts[i] = offset + i * T;
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [starts[i], starts[j]] = [starts[j], starts[i]];
    }
    return { starts, next: rng.getState() };
  }
}

/** Fixed evaluation batches: the first windows of `tokens` in order (stride T), at most `count` batches. */
export function evalBatches(tokens: Int32Array, B: number, T: number, count: number): Batch[] {
  const out: Batch[] = [];
  let s = 0;
  while (out.length < count) {
    const rows: Int32Array[] = [];
    while (rows.length < B && s + T + 1 <= tokens.length) {
      rows.push(tokens.subarray(s, s + T + 1));
      s += T;
    }
    if (rows.length < B) break;
    const batch = new Int32Array(B * (T + 1));
    rows.forEach((r, b) => batch.set(r, b * (T + 1)));
    out.push({ tokens: batch, B, T });
  }
  return out;
}
