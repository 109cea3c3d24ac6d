/**
 * Small tokenizer.json files in the layouts real models use, for tests against Hugging Face's
 * tokenizers. The byte-level vocabularies come from TinySeek's own BPE trainer; the Metaspace one
 * is built here (characters, their most frequent pairs merged, byte fallback).
 */
import { trainBpe } from '../../../src/train/bpeTrainer';

/** Chinese, accents, emoji, digit runs, tabs, whitespace runs, newlines. */
export const MULTILINGUAL = [
  'Hello, World! The café served crème brûlée; naïve Zoë paid €12.50.',
  '你好，世界。我们在北京学习中文。한국어도 조금 해요. 日本語のテキスト。',
  'Emoji: 🦊🎉 👩🏽‍💻 🇫🇷 — and 3.14159, 2024-06-01, 1234567890 + 98765 = 1333655.',
  '\tTabbed\t\tcolumns\t|  two  spaces   three    four\n\nnew paragraph\r\nwindows line  \n  indented',
  "don't I'll we've SHOUTING MiXeD ΑΒΓ δέλτα Ελλάδα Привет мир",
].join('\n');

/** Text the fixtures are trained on: the multilingual lines with some English around them. */
const CORPUS = [
  MULTILINGUAL,
  'the quick brown fox jumps over the lazy dog. the little fox said hello to the world again and again.',
  'numbers 12 345 6789 and words, words, words; tabs\tand\ttabs, spaces  and  spaces.',
].join('\n');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** TinySeek's layout from its own trainer: 400 ids, bos and eos. */
export function byteLevelBase(): Json {
  return trainBpe(CORPUS, 400, { minFrequency: 1 }).toJSON() as Json;
}

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };

/** DeepSeek-V2's own pre-tokenizer: Split regexes, every digit alone, ByteLevel without its regex. */
export function deepSeekLayout(): Json {
  const split = (Regex: string) => ({ type: 'Split', pattern: { Regex }, behavior: 'Isolated', invert: false });
  return {
    ...byteLevelBase(),
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        split('[\r\n]'),
        split('\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖḀ-ἕＡ-Ｚａ-ｚ]+'),
        split('\\s?[!-/:-~！-／：-～‘-‟　-。]+'),
        split('\\s+$'),
        split('[一-龥ࠀ-一가-퟿]+'),
        { type: 'Digits', individual_digits: true },
        { ...BYTE_LEVEL, use_regex: false },
      ],
    },
  };
}

/** GPT-2's: ByteLevel with its regex, digits in runs. */
export function gpt2Layout(addPrefixSpace = false): Json {
  return { ...byteLevelBase(), pre_tokenizer: { ...BYTE_LEVEL, add_prefix_space: addPrefixSpace } };
}

/** Llama 3's (and GPT-4's): one Split regex with a case-insensitive group, ByteLevel without its regex. */
export function llama3Layout(): Json {
  const regex =
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  return {
    ...byteLevelBase(),
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: regex }, behavior: 'Isolated', invert: false },
        { ...BYTE_LEVEL, use_regex: false },
      ],
    },
  };
}

/** Byte-level with NFKC, Lowercase and a Replace normalizer. */
export function normalizedLayout(): Json {
  return {
    ...gpt2Layout(),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFKC' },
        { type: 'Replace', pattern: { String: '``' }, content: '"' },
        { type: 'Lowercase' },
      ],
    },
  };
}

/** Byte-level with added tokens: two ordinary ones (one stripping spaces on its left) and a special one. */
export function addedTokensLayout(): Json {
  const json = byteLevelBase();
  const next = Object.keys(json.model.vocab).length;
  const token = (id: number, content: string, special: boolean, lstrip = false) => ({
    id,
    content,
    single_word: false,
    lstrip,
    rstrip: false,
    normalized: false,
    special,
  });
  json.added_tokens.push(token(next, '<think>', false), token(next + 1, '</think>', false, true));
  json.added_tokens.push(token(next + 2, '<|im_start|>', true));
  return json;
}

const BYTE_TOKENS = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);

/**
 * Metaspace BPE (Llama and Mistral style): ▁ for spaces, characters of the corpus merged by their
 * most frequent pairs, every byte as <0xNN> for the rest.
 */
export function metaspaceLayout(
  preTokenizer: Json = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
): Json {
  const words = CORPUS.split(/(?= )/).map((w) => Array.from(w.replaceAll(' ', '▁')));
  const vocab = ['<unk>', '<s>', '</s>', ...BYTE_TOKENS];
  for (const c of new Set(words.flat())) if (!vocab.includes(c)) vocab.push(c);
  const merges: [string, string][] = [];
  for (let k = 0; k < 150; k++) {
    const counts = new Map<string, number>();
    for (const w of words)
      for (let i = 0; i + 1 < w.length; i++)
        counts.set(w[i] + '\u0000' + w[i + 1], (counts.get(w[i] + '\u0000' + w[i + 1]) ?? 0) + 1);
    let best = '';
    let most = 1;
    for (const [pair, n] of counts) if (n > most) [best, most] = [pair, n];
    if (best === '') break;
    const [a, b] = best.split('\u0000');
    merges.push([a, b]);
    if (!vocab.includes(a + b)) vocab.push(a + b);
    for (const w of words)
      for (let i = 0; i + 1 < w.length; i++) if (w[i] === a && w[i + 1] === b) w.splice(i, 2, a + b);
  }
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0, '<unk>'), special(1, '<s>'), special(2, '</s>')],
    normalizer: null,
    pre_tokenizer: preTokenizer,
    post_processor: null,
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<unk>',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      ignore_merges: false,
      vocab: Object.fromEntries(vocab.map((t, id) => [t, id])),
      merges,
    },
  };
}
