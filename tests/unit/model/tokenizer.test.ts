import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { preTokenize } from '../../../src/model/byteLevel';
import { Rng } from '../../../src/model/rng';
import { applyMerge, BpeTokenizer, DEEPSEEK_BOS, DEEPSEEK_EOS, TokenizerError } from '../../../src/model/tokenizer';

const SHIPPED = 'public/models/tinyseek/tokenizer.json';
const shippedJson = JSON.parse(readFileSync(SHIPPED, 'utf8'));
const tok = BpeTokenizer.fromJSON(shippedJson);

const ROUND_TRIP = [
  '',
  ' ',
  '   \n\t',
  '\n\n\r\n',
  '  leading and trailing  ',
  'Hello, world!',
  "I'm here; you're there, they'll go. 'Tis so.",
  '37+48=85\n10+99=109',
  '🙂 😀🎉',
  '👨‍👩‍👧‍👦 👩🏽‍💻', // ZWJ sequences with skin tone
  '🇫🇷🇯🇵🏳️‍🌈', // flags (regional indicators, ZWJ + VS16)
  'cafe\u0301 e\u0301 n\u0303', // NFD combining marks
  'caf\u00e9 vs cafe\u0301'.normalize('NFD'),
  '日本語のテキスト、中文，한국어',
  'Zalgo: Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍A̴̵̜̰͔ͫ͗͢L̠ͨͧͩ͘',
  '\uFEFFstarts with a byte order mark',
  'a\u0085b\u00a0c\u3000d\u2028e\u200bf', // unusual whitespace and a zero-width space
  '\u0000\u0001\u007f control bytes',
  'x²+½=① ٣٤ ߁', // non-ASCII \p{N}
  'qwxzj vvvkkk ÞÆØ ŋ ʃ', // text the corpus never had
  DEEPSEEK_EOS + DEEPSEEK_BOS + '<|endoftext|>', // special-token text is plain text
  '\u{10FFFF}\u{1F9D1}\u{E0067}',
];

describe('applyMerge', () => {
  it('merges every adjacent pair left to right, without overlap', () => {
    expect(applyMerge([1, 1, 1, 2, 1, 1], 1, 1, 9)).toEqual([9, 1, 2, 9]);
    expect(applyMerge([1, 2, 1, 2], 1, 2, 7)).toEqual([7, 7]);
    expect(applyMerge([2, 1], 1, 2, 7)).toEqual([2, 1]);
    expect(applyMerge([], 1, 2, 7)).toEqual([]);
  });
});

describe('BpeTokenizer (shipped tokenizer.json)', () => {
  it('has a vocabulary of 1024–2048 with bos and eos', () => {
    expect(tok.vocabSize).toBeGreaterThanOrEqual(1024);
    expect(tok.vocabSize).toBeLessThanOrEqual(2048);
    expect(tok.specialTokens.eos).toBeDefined();
    expect(tok.tokenToString(tok.specialTokens.eos)).toBe(DEEPSEEK_EOS);
    expect(tok.tokenToString(tok.specialTokens.bos!)).toBe(DEEPSEEK_BOS);
  });

  it.each(ROUND_TRIP.map((s) => [JSON.stringify(s).slice(0, 40), s]))('round-trips %s exactly', (_, s) => {
    const ids = tok.encode(s);
    expect(tok.decode(ids)).toBe(s);
    for (const id of ids) expect(id >= 0 && id < tok.vocabSize && !tok.isSpecial(id)).toBe(true);
  });

  it('round-trips random code points from every plane', () => {
    const rng = new Rng(12345);
    for (let k = 0; k < 200; k++) {
      let s = '';
      for (let i = 0; i < 20; i++) {
        let cp = rng.int(0x110000);
        if (cp >= 0xd800 && cp < 0xe000) cp = 0x41; // lone surrogates are not UTF-8
        s += String.fromCodePoint(cp);
      }
      expect(tok.decode(tok.encode(s))).toBe(s);
    }
  });

  it('encodes every digit as its own token', () => {
    const ids = tok.encode('0123456789');
    expect(ids).toHaveLength(10);
    expect(ids.map((id) => tok.decode([id]))).toEqual([...'0123456789']);
    const sum = tok.encode('37+48=85');
    expect(sum.map((id) => tok.decode([id]))).toEqual(['3', '7', '+', '4', '8', '=', '8', '5']);
    const inProse = tok.encode(' in 1918 and 2024,').map((id) => tok.decode([id]));
    for (const d of '19182024') expect(inProse).toContain(d);
    expect(inProse.filter((t) => /\d/.test(t)).every((t) => t.length === 1)).toBe(true);
  });

  it('matches ids from Hugging Face tokenizers 0.23.2 on the shipped file', () => {
    // Python: Tokenizer.from_file(SHIPPED).encode(text).ids
    expect(tok.encode('Once upon a time, the little Tulip said "No!"\n37+48=85')).toEqual([
      79, 1209, 623, 258, 554, 44, 262, 439, 366, 117, 380, 112, 367, 355, 986, 552, 10, 51, 55, 43, 52, 56, 61, 56, 53,
    ]);
    expect(tok.encode('café 🙂 日本')).toEqual([
      99, 97, 102, 195, 169, 32, 240, 159, 153, 130, 32, 230, 151, 165, 230, 156, 172,
    ]);
  });

  it('gives identical encodings after fromJSON(toJSON())', () => {
    const again = BpeTokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(again.vocabSize).toBe(tok.vocabSize);
    expect(again.specialTokens).toEqual(tok.specialTokens);
    for (const s of ROUND_TRIP) expect(again.encode(s)).toEqual(tok.encode(s));
    expect(again.toJSON()).toEqual(tok.toJSON());
  });

  it('accepts merges written as [a, b] pairs', () => {
    const json = structuredClone(shippedJson);
    json.model.merges = json.model.merges.map((m: string) => m.split(' '));
    const pairs = BpeTokenizer.fromJSON(json);
    for (const s of ROUND_TRIP) expect(pairs.encode(s)).toEqual(tok.encode(s));
  });

  it('writes a Hugging Face byte-level BPE tokenizer.json', () => {
    const json = tok.toJSON() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(json).toMatchObject({
      version: '1.0',
      truncation: null,
      padding: null,
      normalizer: null,
      decoder: { type: 'ByteLevel' },
      model: { type: 'BPE', dropout: null, unk_token: null, byte_fallback: false, fuse_unk: false },
    });
    expect(json.pre_tokenizer.pretokenizers.map((p: { type: string }) => p.type)).toEqual(['Split', 'ByteLevel']);
    expect(Object.keys(json.model.vocab)).toHaveLength(tok.vocabSize);
    expect(json.added_tokens.map((t: { id: number }) => t.id)).toEqual([tok.specialTokens.bos, tok.specialTokens.eos]);
    expect(json).toEqual(shippedJson);
  });

  it('decodes special tokens to their text and shows tokens for the UI', () => {
    expect(tok.decode([tok.specialTokens.bos!, ...tok.encode('Hi'), tok.specialTokens.eos])).toBe(
      `${DEEPSEEK_BOS}Hi${DEEPSEEK_EOS}`,
    );
    const show = (s: string) => tok.encode(s).map((id) => tok.tokenToString(id));
    expect(show(' the')).toEqual(['␣the']);
    expect(show('\n')).toEqual(['↵']);
    expect(show('🙂')).toEqual(['<0xF0>', '<0x9F>', '<0x99>', '<0x82>']);
    expect(tok.tokenToRaw(tok.encode(' the')[0])).toBe('Ġthe');
  });

  it('rejects ids outside the vocabulary', () => {
    expect(() => tok.decode([tok.vocabSize])).toThrow(RangeError);
    expect(() => tok.decode([-1])).toThrow(RangeError);
  });

  it('rejects tokenizer.json files it cannot reproduce, naming the field', () => {
    const withModel = (model: object) => ({ ...shippedJson, model: { ...shippedJson.model, ...model } });
    expect(() => BpeTokenizer.fromJSON(null)).toThrow(TokenizerError);
    expect(() => BpeTokenizer.fromJSON(withModel({ type: 'WordPiece' }))).toThrow(/model.type/);
    expect(() => BpeTokenizer.fromJSON(withModel({ merges: ['Ġ zzzz'] }))).toThrow(/merge/);
    expect(() => BpeTokenizer.fromJSON({ ...shippedJson, normalizer: { type: 'BertNormalizer' } })).toThrow(
      /normalizer/,
    );
    expect(() => BpeTokenizer.fromJSON({ ...shippedJson, pre_tokenizer: { type: 'Whitespace' } })).toThrow(
      /pre_tokenizer/,
    );
    const vocab = Object.fromEntries(
      Object.entries(shippedJson.model.vocab).filter(([t]) => t !== DEEPSEEK_BOS && t !== DEEPSEEK_EOS),
    );
    expect(() => BpeTokenizer.fromJSON({ ...withModel({ vocab }), added_tokens: [] })).toThrow(/eos/);
  });
});

describe('preTokenize', () => {
  it('isolates digits and follows GPT-2 otherwise', () => {
    expect(preTokenize("He's 12, I'll go  now!\n")).toEqual([
      'He',
      "'s",
      ' ',
      '1',
      '2',
      ',',
      ' I',
      "'ll",
      ' go',
      ' ',
      ' now',
      '!',
      '\n',
    ]);
    expect(preTokenize('12 ab', false)).toEqual(['12', ' ab']);
  });

  it('covers the whole input', () => {
    for (const s of ROUND_TRIP) expect(preTokenize(s).join('')).toBe(s);
  });
});
