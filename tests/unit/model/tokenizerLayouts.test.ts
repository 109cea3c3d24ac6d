/**
 * tokenizer.json layouts of real models, id for id against @huggingface/tokenizers (Hugging Face's
 * own JavaScript port) on a multilingual text; where that port departs from Hugging Face's Rust
 * code (Split's merged behaviors, inverted patterns, Unicode digits and whitespace, Lowercase of Σ),
 * against the behavior Hugging Face documents. The shipped tokenizer against the implementation it
 * replaced.
 */
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { BYTE_TO_UNICODE } from '../../../src/model/byteLevel';
import { toConfigJson } from '../../../src/model/config';
import { parseModelFiles } from '../../../src/model/modelFiles';
import { splitPieces, preTokenizeWith } from '../../../src/model/preTokenizers';
import { TINY_TEST } from '../../../src/model/presets';
import { BpeTokenizer } from '../../../src/model/tokenizer';
import { referenceEncode } from '../../reference/bpeReference';
import {
  addedTokensLayout,
  deepSeekLayout,
  gpt2Layout,
  llama3Layout,
  metaspaceLayout,
  MULTILINGUAL,
  normalizedLayout,
} from './tokenizerFixtures';

/** Hugging Face's ids for `text` (no special tokens added). */
const hfIds = (json: object, text: string) => new Tokenizer(json, {}).encode(text, { add_special_tokens: false }).ids;

const LAYOUTS: [string, () => Record<string, unknown>][] = [
  ["DeepSeek's: Split regexes, Digits, ByteLevel without its regex", deepSeekLayout],
  ["GPT-2's: ByteLevel with its regex", () => gpt2Layout()],
  ['ByteLevel with add_prefix_space', () => gpt2Layout(true)],
  ["Llama 3's: one Split regex, ByteLevel without its regex", llama3Layout],
  ['NFKC, Replace and Lowercase normalizers', normalizedLayout],
  ['Metaspace, split, prepend always, byte fallback', () => metaspaceLayout()],
  [
    'Metaspace, unsplit, prepend first',
    () => metaspaceLayout({ type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false }),
  ],
  ['added tokens that are not special', addedTokensLayout],
];

describe('tokenizer.json layouts, id for id against @huggingface/tokenizers', () => {
  const lines = MULTILINGUAL.split('\n');
  it.each(LAYOUTS)('%s', (_, layout) => {
    const json = layout();
    const tok = BpeTokenizer.fromJSON(json);
    const texts = [
      MULTILINGUAL,
      ...lines,
      ' ' + lines[0],
      'ＦＵＬＬ ｗｉｄｔｈ ﬁne ① ``quoted``',
      '<think> a </think>b',
      "I'LL SAY DON'T, 12345678",
    ];
    for (const text of texts) {
      const ids = tok.encode(text);
      expect(ids, text).toEqual(hfIds(json, text));
      if (ids.length > 0)
        expect(tok.decode(ids), text).toBe(
          new Tokenizer(json, {}).decode(ids, { clean_up_tokenization_spaces: false }),
        );
    }
    expect(tok.encode(MULTILINGUAL).length).toBeLessThan(new TextEncoder().encode(MULTILINGUAL).length);
  });

  it('byte-level layouts give the text back exactly, and each token its bytes', () => {
    for (const layout of [deepSeekLayout, () => gpt2Layout(), addedTokensLayout]) {
      const tok = BpeTokenizer.fromJSON(layout());
      const ids = tok.encode(MULTILINGUAL);
      expect(tok.decode(ids)).toBe(MULTILINGUAL);
      const bytes = ids.flatMap((id) => Array.from(tok.tokenBytes(id)));
      expect(bytes).toEqual(Array.from(new TextEncoder().encode(MULTILINGUAL)));
    }
  });

  it('Metaspace tokens show their text, a space for ▁ and one byte per <0xNN>', () => {
    const tok = BpeTokenizer.fromJSON(metaspaceLayout());
    const ids = tok.encode('Hello 🐙');
    const raw = ids.map((id) => tok.tokenToRaw(id));
    expect(raw.join('')).toContain('▁Hello');
    expect(ids.map((id) => tok.tokenToString(id)).join('')).toBe('␣Hello␣<0xF0><0x9F><0x90><0x99>');
    expect(tok.decode(ids)).toBe('Hello 🐙');
  });

  it('special-token text is plain text, as Hugging Face with split_special_tokens', () => {
    const json = addedTokensLayout();
    const tok = BpeTokenizer.fromJSON(json);
    const text = 'a<|im_start|>b <think>c';
    const special = json.added_tokens.find((t: { content: string }) => t.content === '<|im_start|>');
    const withoutSpecials = { ...json, added_tokens: json.added_tokens.filter((t: object) => t !== special) };
    expect(tok.encode(text)).toEqual(hfIds(withoutSpecials, text));
    expect(tok.encode(text)).not.toContain(special.id);
    expect(tok.isSpecial(special.id)).toBe(true);
    const think = tok.encode('<think>');
    expect(think).toHaveLength(1);
    expect(tok.isSpecial(think[0])).toBe(false);
    expect(tok.decode([special.id, ...tok.encode(' x')])).toBe('<|im_start|> x');
  });
});

describe("where the library departs from Hugging Face's Rust code", () => {
  it("Split behaviors, as Hugging Face's docs show them on the-final--countdown", () => {
    const pieces = (behavior: Parameters<typeof splitPieces>[2]) =>
      splitPieces('the-final--countdown', /-/gu, behavior).map((p) => p.text);
    expect(pieces('Removed')).toEqual(['the', 'final', 'countdown']);
    expect(pieces('Isolated')).toEqual(['the', '-', 'final', '-', '-', 'countdown']);
    expect(pieces('MergedWithPrevious')).toEqual(['the-', 'final-', '-', 'countdown']);
    expect(pieces('MergedWithNext')).toEqual(['the', '-final', '-', '-countdown']);
    expect(pieces('Contiguous')).toEqual(['the', '-', 'final', '--', 'countdown']);
  });

  it('a Split step in a file, string and regex patterns, inverted: as the Whitespace pre-tokenizer', () => {
    const split = (pattern: object, behavior: string, invert = false) => ({ type: 'Split', pattern, behavior, invert });
    const text = 'Hey friend!     How are you?!?';
    // Hugging Face's docs: Whitespace gives ["Hey", "friend", "!", "How", "are", "you", "?!?"], and
    // is Split(\w+|[^\w\s]+, Removed, invert).
    expect(preTokenizeWith(split({ Regex: '\\w+|[^\\w\\s]+' }, 'Removed', true), text)).toEqual([
      'Hey',
      'friend',
      '!',
      'How',
      'are',
      'you',
      '?!?',
    ]);
    const isolated = preTokenizeWith(split({ Regex: '\\s+' }, 'Isolated'), text);
    expect(preTokenizeWith(split({ Regex: '\\s+' }, 'Isolated', true), text)).toEqual(isolated);
    expect(isolated.join('')).toBe(text);
    expect(preTokenizeWith(split({ String: '-' }, 'MergedWithPrevious'), 'the-final--countdown')).toEqual([
      'the-',
      'final-',
      '-',
      'countdown',
    ]);
    expect(preTokenizeWith(split({ String: '' }, 'Isolated'), 'abc')).toEqual(['abc']);
  });

  it('Digits isolates every Unicode number (char::is_numeric), ByteLevel splits on Unicode White_Space', () => {
    const digits = { type: 'Digits', individual_digits: true };
    expect(preTokenizeWith(digits, 'x²٣4')).toEqual(['x', '²', '٣', '4']);
    expect(preTokenizeWith({ ...digits, individual_digits: false }, 'ab٣4²c')).toEqual(['ab', '٣4²', 'c']);
    const gpt2 = { type: 'ByteLevel', add_prefix_space: false, use_regex: true };
    const bytes = (pieces: string[]) =>
      pieces.map((p) => Array.from(new TextEncoder().encode(p), (b) => BYTE_TO_UNICODE[b]).join(''));
    // U+0085 is White_Space, U+FEFF is not (JavaScript's \s has it the other way round)
    expect(preTokenizeWith(gpt2, '\u0085\u0085b')).toEqual(bytes(['\u0085', '\u0085', 'b']));
    expect(preTokenizeWith(gpt2, 'a \ufeffb')).toEqual(bytes(['a', ' \ufeff', 'b']));
  });

  it('Lowercase lowers each character alone: Σ is σ at the end of a word too', () => {
    const tok = BpeTokenizer.fromJSON(normalizedLayout());
    expect(tok.decode(tok.encode('ΟΔΟΣ ΣΑΣ'))).toBe('οδοσ σασ');
  });
});

describe('the shipped tokenizer', () => {
  const json = JSON.parse(readFileSync('public/models/tinyseek/tokenizer.json', 'utf8'));
  const tok = BpeTokenizer.fromJSON(json);
  const VARIED = `${MULTILINGUAL}\n\u0085next\u00a0line\u3000x\ufeffy ² ½ ٣٤ Ⅻ <｜end▁of▁sentence｜> ΟΔΟΣ \u0000\u007f 👨‍👩‍👧‍👦`;

  it('gives the ids of the implementation before @huggingface/tokenizers, id for id', () => {
    const ids = referenceEncode(json, VARIED);
    expect(tok.encode(VARIED)).toEqual(ids);
    expect(tok.decode(ids)).toBe(VARIED);
  });

  it('matches the library wherever the library follows Hugging Face (no U+0085, U+FEFF or special text)', () => {
    expect(tok.encode(MULTILINGUAL)).toEqual(hfIds(json, MULTILINGUAL));
  });
});

describe('a tokenizer.json that is still refused', () => {
  const config = toConfigJson(TINY_TEST);
  const refused = (tokenizer: object) => {
    try {
      parseModelFiles({ config, weights: new Uint8Array(0), tokenizer });
    } catch (e) {
      return (e as Error).message;
    }
    return 'loaded';
  };

  it('says in one line what is not supported, naming the file once', () => {
    const cases: [object, string][] = [
      [{ ...deepSeekLayout(), pre_tokenizer: { type: 'Whitespace' } }, 'pre_tokenizer "Whitespace" is not supported'],
      [
        { ...deepSeekLayout(), normalizer: { type: 'Sequence', normalizers: [{ type: 'BertNormalizer' }] } },
        'normalizer "BertNormalizer" is not supported',
      ],
      [{ ...gpt2Layout(), decoder: { type: 'WordPiece' } }, 'decoder "WordPiece" is not supported'],
      [
        { ...gpt2Layout(), pre_tokenizer: { type: 'Split', pattern: { Regex: 'a' }, behavior: 'Sideways' } },
        'pre_tokenizer Split behavior "Sideways" is not supported',
      ],
      [
        { ...gpt2Layout(), model: { ...gpt2Layout().model, continuing_subword_prefix: '##' } },
        'model.continuing_subword_prefix is not supported',
      ],
    ];
    for (const [json, why] of cases) {
      const message = refused(json);
      expect(message).toBe(`tokenizer.json: ${why}`);
      expect(message.split('tokenizer.json')).toHaveLength(2);
    }
  });

  it('loads DeepSeek-V2\'s layout, which was refused with pre_tokenizer "Split" is not supported', () => {
    expect(BpeTokenizer.fromJSON(deepSeekLayout()).encode('DeepSeek 2024')).toHaveLength(
      hfIds(deepSeekLayout(), 'DeepSeek 2024').length,
    );
  });
});
