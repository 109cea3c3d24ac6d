/**
 * Byte-level BPE training, our own: count pre-token words, then repeatedly merge the most
 * frequent adjacent pair. Pre-tokenization is the tokenizer's own (digits alone, GPT-2's regex),
 * so merges never cross a pre-token and digits stay single tokens.
 *
 * Ids: 0..255 are the bytes (id = byte value), 256.. the merges in order, then the special tokens.
 * Ties between equally frequent pairs go to the smaller (left id, right id), so training is
 * deterministic. Pair counts are updated incrementally, touching only the words that hold the
 * merged pair.
 */
import { BYTE_TO_UNICODE, preTokenize } from '../model/byteLevel';
import { applyMerge, BpeTokenizer, DEEPSEEK_BOS, DEEPSEEK_EOS } from '../model/tokenizer';

export interface TrainBpeOptions {
  /** special tokens appended after the merges; default DeepSeek-V2's bos and eos. */
  specialTokens?: { bos?: string; eos: string };
  /** stop early when the best pair occurs fewer times than this (default 2). */
  minFrequency?: number;
  /** called after each merge with (merges done, merges wanted). */
  onMerge?: (done: number, total: number) => void;
}

/** ids stay below 2^20, so a pair packs exactly into one double: left·2^20 + right. */
const KEY = 1 << 20;

/**
 * Trains a tokenizer of at most `vocabSize` ids (bytes + merges + specials). It has fewer only
 * when no pair reaches minFrequency before that.
 */
export function trainBpe(
  texts: Iterable<string> | string,
  vocabSize: number,
  opts: TrainBpeOptions = {},
): BpeTokenizer {
  const specials = opts.specialTokens ?? { bos: DEEPSEEK_BOS, eos: DEEPSEEK_EOS };
  const specialNames = specials.bos === undefined ? [specials.eos] : [specials.bos, specials.eos];
  const minFrequency = opts.minFrequency ?? 2;
  const wanted = vocabSize - 256 - specialNames.length;
  if (!Number.isInteger(vocabSize) || wanted < 0 || vocabSize >= KEY)
    throw new RangeError(
      `vocabSize must be an integer from ${256 + specialNames.length} to ${KEY - 1}, got ${vocabSize}`,
    );

  // Unique pre-token words as byte-id sequences, with their counts.
  const counts = new Map<string, number>();
  for (const text of typeof texts === 'string' ? [texts] : texts)
    for (const piece of preTokenize(text)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  const encoder = new TextEncoder();
  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [piece, n] of counts) {
    words.push(Array.from(encoder.encode(piece)));
    freqs.push(n);
  }

  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>(); // pair → words that may hold it (a superset)
  const addPairs = (w: number, sign: 1 | -1) => {
    const syms = words[w];
    for (let i = 0; i + 1 < syms.length; i++) {
      const key = syms[i] * KEY + syms[i + 1];
      const c = (pairCount.get(key) ?? 0) + sign * freqs[w];
      if (c === 0) pairCount.delete(key);
      else pairCount.set(key, c);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (set === undefined) pairWords.set(key, (set = new Set()));
        set.add(w);
      }
    }
  };
  for (let w = 0; w < words.length; w++) addPairs(w, 1);

  const vocab = BYTE_TO_UNICODE.slice();
  const merges: [string, string][] = [];
  while (merges.length < wanted) {
    let best = -1;
    let bestCount = 0;
    for (const [key, c] of pairCount)
      if (c > bestCount || (c === bestCount && key < best)) [best, bestCount] = [key, c];
    if (best < 0 || bestCount < minFrequency) break;
    const a = Math.floor(best / KEY);
    const b = best % KEY;
    const merged = vocab.length;
    merges.push([vocab[a], vocab[b]]);
    vocab.push(vocab[a] + vocab[b]);
    for (const w of pairWords.get(best) ?? []) {
      const syms = words[w];
      if (!holds(syms, a, b)) continue;
      addPairs(w, -1);
      words[w] = applyMerge(syms, a, b, merged);
      addPairs(w, 1);
    }
    pairWords.delete(best);
    opts.onMerge?.(merges.length, wanted);
  }

  const added = specialNames.map((content, i) => ({ id: vocab.length + i, content }));
  return BpeTokenizer.fromParts([...vocab, ...specialNames], merges, added);
}

function holds(syms: number[], a: number, b: number): boolean {
  for (let i = 0; i + 1 < syms.length; i++) if (syms[i] === a && syms[i + 1] === b) return true;
  return false;
}
