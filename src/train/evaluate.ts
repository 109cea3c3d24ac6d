/**
 * The arithmetic of `npm run eval`, as pure functions on host numbers (no tfjs, no file system):
 * which positions of the validation stream are scored, how many UTF-8 bytes each scored target
 * covers, bits per byte, per-expert load against the fair share, the two-digit addition scorer,
 * the known-word rate of samples, and the targets the model card reports.
 */
import { expertLoads } from '../model/routingStats';

/**
 * One window of the validation stream: tokens start … start+length (length+1 tokens, inputs are
 * the first `length`, targets the last `length`); the first `skip` targets were already scored
 * by the window before, so only targets skip … length−1 count.
 */
export interface ScoringWindow {
  start: number;
  length: number;
  skip: number;
}

/**
 * Sliding windows over a stream of n tokens that score every target (positions 1 … n−1) exactly
 * once: windows of `window` inputs every `stride` tokens; each window scores only the targets
 * past the previous window's last, so every scored target after the first window has at least
 * window − stride tokens of context. stride = window gives disjoint windows (as training's
 * evalBatches do).
 */
export function scoringWindows(n: number, window: number, stride: number): ScoringWindow[] {
  if (!Number.isInteger(window) || window < 1 || !Number.isInteger(stride) || stride < 1 || stride > window) {
    throw new RangeError(`need integers 1 ≤ stride ≤ window, got window ${window}, stride ${stride}`);
  }
  const out: ScoringWindow[] = [];
  let covered = 0; // last target position already scored
  for (let start = 0; covered < n - 1; start += stride) {
    const length = Math.min(window, n - 1 - start);
    out.push({ start, length, skip: covered - start });
    covered = start + length;
  }
  return out;
}

/** What the byte count needs to know about the tokenizer. */
export interface ByteCounter {
  tokenBytes(id: number): Uint8Array;
  isSpecial(id: number): boolean;
  specialTokens: { bos?: number; eos: number };
}

/**
 * UTF-8 bytes of the text that target `id` stands for, or null when it is not scored. The
 * validation stream is `bos line eos` per line (encodeCorpus): bos is context only (it always
 * follows eos and stands for no text), eos is the newline that ends its line (1 byte), and any
 * other token covers its own bytes. Over every line this counts exactly the bytes of the text,
 * newlines included (blank lines, which encodeCorpus skips, are not covered).
 */
export function targetBytes(tok: ByteCounter, id: number): number | null {
  if (id === tok.specialTokens.eos) return 1;
  if (tok.isSpecial(id)) return null;
  return tok.tokenBytes(id).length;
}

/** Running totals over scored targets. */
export interface NllTally {
  /** Σ −ln p(target), nats. */
  nats: number;
  /** UTF-8 bytes the scored targets cover. */
  bytes: number;
  /** targets scored. */
  tokens: number;
}

export const emptyTally = (): NllTally => ({ nats: 0, bytes: 0, tokens: 0 });

/** Adds targets with their NLLs (nats); targets whose byte count is null are skipped. */
export function addTargets(
  t: NllTally,
  nll: ArrayLike<number>,
  targets: ArrayLike<number>,
  bytesOf: (id: number) => number | null,
): NllTally {
  for (let i = 0; i < targets.length; i++) {
    const bytes = bytesOf(targets[i]);
    if (bytes === null) continue;
    t.nats += nll[i];
    t.bytes += bytes;
    t.tokens++;
  }
  return t;
}

/** Total NLL in bits over the bytes it covers. */
export function bitsPerByte(t: NllTally): number {
  return t.nats / Math.LN2 / t.bytes;
}

/** One MoE layer's routed load over the tokens it routed. */
export interface ExpertLoad {
  layer: number;
  /** tokens routed (each picks K experts). */
  tokens: number;
  /** share of tokens that chose expert i. [Nr], sums to K */
  fraction: number[];
  /** fraction over the fair share K/Nr (1 = fair): the balance loss's f_i, from routingStats. [Nr] */
  ratio: number[];
  min: number;
  max: number;
  argmin: number;
  argmax: number;
}

/** Load from the number of tokens that chose each expert. */
export function expertLoad(layer: number, counts: ArrayLike<number>, tokens: number, k: number): ExpertLoad {
  const fraction = Array.from(counts, (c) => c / tokens);
  const ratio = expertLoads(counts, k, tokens);
  let argmin = 0;
  let argmax = 0;
  ratio.forEach((r, i) => {
    if (r < ratio[argmin]) argmin = i;
    if (r > ratio[argmax]) argmax = i;
  });
  return { layer, tokens, fraction, ratio, min: ratio[argmin], max: ratio[argmax], argmin, argmax };
}

/** The answer a greedy continuation gives: its leading digits (it stops at the first non-digit). */
export function additionAnswer(continuation: string): string {
  return /^\d*/.exec(continuation)![0];
}

/** One held-out addition (data/corpus/heldout-additions.json). */
export interface AdditionItem {
  a: number;
  b: number;
  prompt: string;
  answer: string;
}

export interface AdditionResult extends AdditionItem {
  /** the digits the model produced. */
  got: string;
  correct: boolean;
}

/** Exact match of the digits produced against the answer. */
export function scoreAddition(item: AdditionItem, continuation: string): AdditionResult {
  const got = additionAnswer(continuation);
  return { ...item, got, correct: got === item.answer };
}

/** Accuracy overall and split by whether the units digits carry. */
export function additionSummary(results: readonly AdditionResult[]) {
  const acc = (rs: readonly AdditionResult[]) => ({
    n: rs.length,
    correct: rs.filter((r) => r.correct).length,
    accuracy: rs.length ? rs.filter((r) => r.correct).length / rs.length : NaN,
  });
  const carry = (r: AdditionResult) => (r.a % 10) + (r.b % 10) >= 10;
  return {
    ...acc(results),
    withCarry: acc(results.filter(carry)),
    withoutCarry: acc(results.filter((r) => !carry(r))),
  };
}

export type AdditionSummary = ReturnType<typeof additionSummary>;

/** Lower-case words (letters, inner apostrophes) of a text. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+(?:'[a-z]+)*/g) ?? [];
}

/** Share of the words of `texts` that occur in `known` (a crude "reads as English" proxy). */
export function knownWordRate(texts: readonly string[], known: ReadonlySet<string>): number {
  const ws = texts.flatMap(words);
  return ws.length ? ws.filter((w) => known.has(w)).length / ws.length : NaN;
}

/** Sampling settings of the fixed samples. */
export interface SampleSettings {
  maxNew: number;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
}

export interface Sample {
  prompt: string;
  /** the continuation (special tokens dropped). */
  text: string;
  /** new tokens generated, eos included. */
  tokens: number;
}

/** One reported target: the value, the range it should fall in, whether it does. */
export interface TargetCheck {
  name: string;
  value: number;
  /** human-readable target, e.g. "≤ 2.3". */
  target: string;
  met: boolean;
}

/** Bounds the issue set; the samples' target is checked by the known-word proxy. */
export const TARGETS = {
  bitsPerByte: 2.3,
  addition: [0.2, 0.8] as const,
  load: [0.25, 4] as const,
  knownWords: 0.9,
};

export function checkTargets(r: {
  bitsPerByte: number;
  additionAccuracy: number;
  load: readonly ExpertLoad[];
  knownWordRate: number;
}): TargetCheck[] {
  const [aLo, aHi] = TARGETS.addition;
  const [lLo, lHi] = TARGETS.load;
  const minLoad = Math.min(...r.load.map((l) => l.min));
  const maxLoad = Math.max(...r.load.map((l) => l.max));
  const checks: TargetCheck[] = [
    {
      name: 'validation bits per byte',
      value: r.bitsPerByte,
      target: `≤ ${TARGETS.bitsPerByte}`,
      met: r.bitsPerByte <= TARGETS.bitsPerByte,
    },
    {
      name: 'greedy two-digit addition accuracy',
      value: r.additionAccuracy,
      target: `${aLo * 100}%–${aHi * 100}%`,
      met: r.additionAccuracy >= aLo && r.additionAccuracy <= aHi,
    },
    {
      name: 'lowest routed-expert load / fair share',
      value: minLoad,
      target: `≥ ${lLo}`,
      met: minLoad >= lLo,
    },
    {
      name: 'highest routed-expert load / fair share',
      value: maxLoad,
      target: `≤ ${lHi}`,
      met: maxLoad <= lHi,
    },
    {
      name: 'sample words found in the corpus',
      value: r.knownWordRate,
      target: `≥ ${TARGETS.knownWords * 100}%`,
      met: r.knownWordRate >= TARGETS.knownWords,
    },
  ];
  // a dense model routes nothing: no load targets
  return r.load.length ? checks : checks.filter((t) => !t.name.includes('routed-expert'));
}

/** Everything `npm run eval` measures: its JSON output and the input of the card's section. */
export interface EvalReport {
  model: { dir: string; backend: string };
  validation: {
    file: string;
    /** tokens of the encoded file (bos line eos per non-empty line). */
    streamTokens: number;
    /** the first tokens scored from: all of them unless --max-tokens cut the stream. */
    usedTokens: number;
    window: number;
    stride: number;
    windows: number;
    /** targets scored (bos targets are not). */
    scoredTokens: number;
    /** UTF-8 bytes they cover. */
    bytes: number;
    /** Σ NLL, nats. */
    nats: number;
    natsPerToken: number;
    bitsPerByte: number;
  };
  addition: AdditionSummary & { file: string; misses: AdditionResult[] };
  load: ExpertLoad[];
  samples: { settings: SampleSettings; knownWordRate: number; knownWordsFrom: string; items: Sample[] };
  targets: TargetCheck[];
  seconds: { validation: number; addition: number; samples: number };
}
