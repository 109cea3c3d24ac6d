/**
 * A Hugging Face tokenizer.json with a BPE model, read with @huggingface/tokenizers (Hugging Face's
 * own JavaScript port): byte-level BPE as GPT-2 and DeepSeek lay it out (Split, Digits, ByteLevel
 * with or without its regex, Sequence), Metaspace, the usual normalizers, added and special
 * tokens, and their decoders. The normalizer and pre-tokenizer are built here (normalizers.ts,
 * preTokenizers.ts) where the library differs from Hugging Face's Rust code. Pure TypeScript: runs
 * in the browser and in Node.
 *
 * Special-token text in the input is encoded as plain text, never as the special token (as Hugging
 * Face's `split_special_tokens`), so a prompt cannot end itself; added tokens that are not special
 * are matched as Hugging Face matches them. For byte-level files decode(encode(s)) === s for any
 * valid UTF-16 string (no lone surrogates).
 */

import { AddedToken as HfAddedToken, Tokenizer } from '@huggingface/tokenizers';
import { byteLevelToBytes, DIGIT_SOURCE, displayBytes } from './byteLevel';
import { buildNormalizer } from './normalizers';
import { buildPreTokenizer } from './preTokenizers';
import { TokenizerError } from './tokenizerError';

export { TokenizerError } from './tokenizerError';

/** DeepSeek-V2's own special tokens (note the fullwidth bars and U+2581): bos and eos. */
export const DEEPSEEK_BOS = '<｜begin▁of▁sentence｜>';
export const DEEPSEEK_EOS = '<｜end▁of▁sentence｜>';

/** Names recognised as bos / eos when a tokenizer.json is read (its roles are not stored in it). */
const BOS_NAMES = [DEEPSEEK_BOS, '<|begin_of_text|>', '<|bos|>', '<|startoftext|>', '<s>'];
const EOS_NAMES = [DEEPSEEK_EOS, '<|endoftext|>', '<|end_of_text|>', '<|eos|>', '</s>'];

export interface SpecialTokenIds {
  bos?: number;
  eos: number;
}

/** One entry of tokenizer.json's `added_tokens`. */
export interface AddedToken {
  id: number;
  content: string;
}

/** Decoders the library runs as Hugging Face does. */
const DECODERS = new Set(['ByteLevel', 'Metaspace', 'Replace', 'ByteFallback', 'Fuse', 'Strip', 'Sequence']);

const utf8 = new TextEncoder();

export class BpeTokenizer {
  /** Number of ids, specials included (the model's vocab_size). */
  readonly vocabSize: number;
  readonly specialTokens: SpecialTokenIds;
  /** HF vocab keys by id (special and added tokens hold their content). */
  private readonly tokens: string[];
  private readonly bytesById: Uint8Array[];
  private readonly special = new Map<number, string>();
  private readonly hf: Tokenizer;

  private constructor(private readonly json: Record<string, unknown>) {
    const root = json;
    const model = asObject(root.model, 'model');
    if (model.type !== 'BPE') throw new TokenizerError(`model.type is ${JSON.stringify(model.type)}, expected "BPE"`);
    for (const field of ['continuing_subword_prefix', 'end_of_word_suffix'] as const)
      if (model[field] != null && model[field] !== '') throw new TokenizerError(`model.${field} is not supported`);
    if (model.dropout != null && model.dropout !== 0) throw new TokenizerError('model.dropout is not supported');
    const vocab = readVocab(model.vocab);
    const added = readAdded(root.added_tokens, vocab);
    for (let i = 0; i < vocab.length; i++) if (vocab[i] === undefined) throw new TokenizerError(`no token has id ${i}`);
    checkMerges(model.merges, vocab);
    checkDecoder(root.decoder);
    const normalizer = buildNormalizer(root.normalizer);
    const preTokenizer = buildPreTokenizer(root.pre_tokenizer);

    const find = (names: string[]) => {
      for (const name of names) for (const t of added) if (t.content === name) return t.id;
      return undefined;
    };
    const eos = find(EOS_NAMES);
    if (eos === undefined) throw new TokenizerError(`added_tokens has no eos token (one of ${EOS_NAMES.join(' ')})`);
    const bos = find(BOS_NAMES);
    this.specialTokens = bos === undefined ? { eos } : { bos, eos };
    for (const t of added) if (t.special || t.id === eos || t.id === bos) this.special.set(t.id, t.content);

    // The library matches every added token in the text; it is given only those that are not special.
    const text = added.filter((t) => !this.special.has(t.id));
    try {
      const asText = (t: Record<string, unknown>) => ({ ...t, special: false });
      this.hf = new Tokenizer(
        { ...root, post_processor: null, added_tokens: text.map((t) => asText(t.raw)) },
        { clean_up_tokenization_spaces: false },
      );
    } catch (e) {
      throw new TokenizerError(e instanceof Error ? e.message.split('\n')[0] : String(e));
    }
    this.hf.normalizer = normalizer;
    this.hf.pre_tokenizer = preTokenizer;
    for (const [id, content] of this.special) if (this.hf.model) this.hf.model.vocab[id] = content;
    if (this.hf.decoder) this.hf.decoder.added_tokens = added.map((t) => new HfAddedToken(t.raw as never));

    this.tokens = vocab;
    this.vocabSize = vocab.length;
    const byteLevel = mentions(root.pre_tokenizer, 'ByteLevel') || mentions(root.decoder, 'ByteLevel');
    const byteFallback = model.byte_fallback === true;
    const space = metaspaceReplacement(root.pre_tokenizer) ?? metaspaceReplacement(root.decoder) ?? '\u2581';
    const addedIds = new Set(added.map((t) => t.id));
    this.bytesById = vocab.map((t, id) => {
      if (addedIds.has(id)) return utf8.encode(t);
      if (byteLevel) return byteLevelToBytes(t) ?? utf8.encode(t);
      const hex = byteFallback ? /^<0x([0-9A-Fa-f]{2})>$/.exec(t) : null;
      return hex ? Uint8Array.of(parseInt(hex[1], 16)) : utf8.encode(t.replaceAll(space, ' '));
    });
  }

  /** Reads a Hugging Face tokenizer.json. Throws a one-line TokenizerError naming what it cannot read. */
  static fromJSON(json: unknown): BpeTokenizer {
    return new BpeTokenizer(asObject(json, 'the file'));
  }

  /**
   * TinySeek's own layout (what the BPE trainer writes): byte-level BPE, every digit alone, then
   * GPT-2's regex. Hugging Face's tokenizers read it back and give the same ids.
   * @param vocab token string by id (ids 0..n−1, no gaps); added tokens appear at their ids.
   * @param merges merge rules in rank order.
   * @param added special tokens (also present in vocab at their ids).
   * @param splitDigits isolate every \p{N} character before GPT-2's regex.
   */
  static fromParts(vocab: string[], merges: [string, string][], added: AddedToken[], splitDigits = true): BpeTokenizer {
    const digitSplit = { type: 'Split', pattern: { Regex: DIGIT_SOURCE }, behavior: 'Isolated', invert: false };
    const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
    return BpeTokenizer.fromJSON({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: added.map(({ id, content }) => ({
        id,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: null,
      pre_tokenizer: splitDigits ? { type: 'Sequence', pretokenizers: [digitSplit, byteLevel] } : byteLevel,
      post_processor: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: true },
      decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: null,
        continuing_subword_prefix: null,
        end_of_word_suffix: null,
        fuse_unk: false,
        byte_fallback: false,
        ignore_merges: false,
        vocab: Object.fromEntries(vocab.map((t, id) => [t, id])),
        merges: merges.map(([a, b]) => `${a} ${b}`),
      },
    });
  }

  /** The tokenizer.json it was read from (a copy). */
  toJSON(): object {
    return structuredClone(this.json);
  }

  /** Token ids of `text`; no bos/eos is added. */
  encode(text: string): number[] {
    if (text === '') return [];
    return this.hf.encode(text, { add_special_tokens: false }).ids.filter((id) => id !== undefined);
  }

  /** Text of `ids`, through the file's decoder; special tokens give their content. Bytes cut mid-character decode to U+FFFD. */
  decode(ids: readonly number[]): string {
    for (const id of ids) this.tokenBytes(id);
    if (ids.length === 0) return '';
    return this.hf.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  }

  /** The raw bytes of one token (an added token's content in UTF-8). Do not mutate. */
  tokenBytes(id: number): Uint8Array {
    const bytes = this.bytesById[id];
    if (bytes === undefined) throw new RangeError(`token id ${id} is outside the vocabulary of ${this.vocabSize}`);
    return bytes;
  }

  /** The HF vocab key of one token (byte-level characters: a space shows as Ġ). */
  tokenToRaw(id: number): string {
    this.tokenBytes(id);
    return this.tokens[id];
  }

  isSpecial(id: number): boolean {
    return this.special.has(id);
  }

  /**
   * Display form for the UI: the token's text with whitespace made visible (space ␣, newline ↵,
   * tab ⇥), other control bytes and bytes that are part of a split character as <0xNN>.
   */
  tokenToString(id: number): string {
    const special = this.special.get(id);
    if (special !== undefined) return special;
    return displayBytes(this.tokenBytes(id));
  }
}

interface ReadAdded {
  id: number;
  content: string;
  special: boolean;
  raw: Record<string, unknown>;
}

function readVocab(v: unknown): string[] {
  const vocab: string[] = [];
  for (const [token, id] of Object.entries(asObject(v, 'model.vocab'))) {
    if (!Number.isInteger(id) || (id as number) < 0) throw new TokenizerError(`model.vocab[${token}] is not an id`);
    if (vocab[id as number] !== undefined) throw new TokenizerError(`two tokens have id ${id}`);
    vocab[id as number] = token;
  }
  return vocab;
}

function readAdded(v: unknown, vocab: string[]): ReadAdded[] {
  const added: ReadAdded[] = [];
  for (const t of Array.isArray(v) ? v : []) {
    const raw = asObject(t, 'added_tokens[]');
    const { id, content } = raw;
    if (!Number.isInteger(id) || typeof content !== 'string')
      throw new TokenizerError('added_tokens[] needs id and content');
    const i = id as number;
    if (vocab[i] === undefined) vocab[i] = content;
    else if (vocab[i] !== content) throw new TokenizerError(`added token ${content} is not at id ${i} in the vocab`);
    const special = raw.special !== false;
    if (!special && raw.single_word === true)
      throw new TokenizerError(`added token ${JSON.stringify(content)}: single_word is not supported`);
    added.push({ id: i, content, special, raw });
  }
  return added;
}

function checkMerges(v: unknown, vocab: string[]): void {
  if (!Array.isArray(v)) throw new TokenizerError('model.merges is not an array');
  const known = new Set(vocab);
  for (const m of v) {
    let pair: string[] | null = null;
    if (typeof m === 'string') {
      const parts = m.split(' ');
      if (parts.length === 2) pair = parts;
    } else if (Array.isArray(m) && m.length === 2 && m.every((p) => typeof p === 'string')) pair = m;
    if (pair === null) throw new TokenizerError(`model.merges entry ${JSON.stringify(m)} is not "a b" or [a, b]`);
    const [a, b] = pair;
    if (!known.has(a) || !known.has(b) || !known.has(a + b))
      throw new TokenizerError(`merge "${a} ${b}" uses a token that is not in model.vocab`);
  }
}

function checkDecoder(v: unknown): void {
  if (v == null) return;
  const d = asObject(v, 'decoder');
  if (typeof d.type !== 'string' || !DECODERS.has(d.type))
    throw new TokenizerError(`decoder ${JSON.stringify(d.type)} is not supported`);
  if (d.type === 'Sequence') {
    if (!Array.isArray(d.decoders)) throw new TokenizerError('decoder Sequence has no decoders list');
    d.decoders.forEach(checkDecoder);
  }
}

/** Whether a pre_tokenizer or decoder (or a Sequence of them) has a step of this type. */
function mentions(v: unknown, type: string): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (o.type === type) return true;
  const steps = o.pretokenizers ?? o.decoders;
  return Array.isArray(steps) && steps.some((s) => mentions(s, type));
}

function metaspaceReplacement(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (o.type === 'Metaspace') return typeof o.replacement === 'string' ? o.replacement : '\u2581';
  const steps = o.pretokenizers ?? o.decoders;
  if (!Array.isArray(steps)) return undefined;
  for (const s of steps) {
    const r = metaspaceReplacement(s);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** One BPE merge over a symbol sequence: every adjacent (a, b), left to right, becomes `merged`. */
export function applyMerge(syms: readonly number[], a: number, b: number, merged: number): number[] {
  const next: number[] = [];
  for (let i = 0; i < syms.length;) {
    if (i + 1 < syms.length && syms[i] === a && syms[i + 1] === b) {
      next.push(merged);
      i += 2;
    } else next.push(syms[i++]);
  }
  return next;
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TokenizerError(`${what} is not an object`);
  return v as Record<string, unknown>;
}
