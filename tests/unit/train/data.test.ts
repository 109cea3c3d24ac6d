import { describe, expect, it } from 'vitest';
import { DataError, TokenStream, encodeCorpus, evalBatches } from '../../../src/train/data';

const corpus = Int32Array.from({ length: 103 }, (_, i) => i); // token i at position i

describe('TokenStream', () => {
  it('serves B windows of T+1 consecutive tokens at stride-T starts, each once per epoch', () => {
    const s = new TokenStream(corpus, 2, 10, 7);
    const n = s.windowsPerEpoch;
    expect(n).toBeGreaterThanOrEqual(9); // (103 − 1 − offset)/10 with offset < 10
    const starts: number[] = [];
    for (let i = 0; i < Math.floor(n / 2); i++) {
      const b = s.next();
      expect(b.tokens.length).toBe(2 * 11);
      for (let r = 0; r < 2; r++) {
        const row = Array.from(b.tokens.subarray(r * 11, r * 11 + 11));
        expect(row).toEqual(row.map((_, j) => row[0] + j)); // consecutive
        starts.push(row[0]);
      }
    }
    const offset = Math.min(...starts) % 10;
    expect(new Set(starts).size).toBe(starts.length);
    for (const st of starts) expect(st % 10).toBe(offset);
    expect(starts).not.toEqual([...starts].sort((a, b) => a - b)); // shuffled
  });

  it('resumes from a saved position (through JSON) at exactly the same batch, across epochs', () => {
    const a = new TokenStream(corpus, 3, 8, 42);
    for (let i = 0; i < 5; i++) a.next();
    const saved = JSON.parse(JSON.stringify(a.position()));
    const b = new TokenStream(corpus, 3, 8, saved);
    for (let i = 0; i < 20; i++) expect(Array.from(b.next().tokens)).toEqual(Array.from(a.next().tokens));
    expect(a.epochs).toBeGreaterThan(2);
    expect(b.position()).toEqual(a.position());
  });

  it('different seeds give different orders; the same seed the same', () => {
    const take = (seed: number) => Array.from(new TokenStream(corpus, 4, 8, seed).next().tokens);
    expect(take(1)).toEqual(take(1));
    expect(take(1)).not.toEqual(take(2));
  });

  it('refuses a corpus too short for one window and bad positions', () => {
    expect(() => new TokenStream(new Int32Array(20), 1, 10, 1)).toThrow(DataError);
    expect(() => new TokenStream(new Int32Array(20), 1, 10, 1)).toThrow(/20 tokens; sequences of 10 need at least 21/);
    const p = new TokenStream(corpus, 1, 10, 1).position();
    expect(() => new TokenStream(corpus, 1, 10, { ...p, cursor: 1000 })).toThrow(/past the/);
    expect(() => new TokenStream(corpus, 1, 10, { ...p, epoch: -1 })).toThrow(/bad data position/);
  });
});

describe('encodeCorpus and evalBatches', () => {
  const tok = {
    encode: (s: string) => Array.from(s, (ch) => ch.charCodeAt(0) - 96),
    specialTokens: { bos: 30, eos: 31 },
  };
  it('wraps each non-empty line in bos … eos', () => {
    expect(Array.from(encodeCorpus('ab\n\n  \nc\n', tok))).toEqual([30, 1, 2, 31, 30, 3, 31]);
    expect(Array.from(encodeCorpus('ab', { ...tok, specialTokens: { eos: 31 } }))).toEqual([1, 2, 31]);
  });
  it('evaluation batches are the first windows in order', () => {
    const b = evalBatches(corpus, 2, 10, 100);
    expect(b).toHaveLength(5); // 10 windows of 11 tokens at stride 10 fit in 103 tokens
    expect(Array.from(b[0].tokens.subarray(11, 22))).toEqual(Array.from({ length: 11 }, (_, j) => 10 + j));
    expect(evalBatches(corpus, 2, 10, 2)).toHaveLength(2);
  });
});
