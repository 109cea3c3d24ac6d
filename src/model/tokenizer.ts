/**
 * Byte-level BPE (the GPT-2 / DeepSeek family) that reads and writes a Hugging Face tokenizer.json.
 * Pure TypeScript: runs in the browser and in Node.
 *
 * encode: text → pre-tokens (every digit alone, then GPT-2's regex) → UTF-8 bytes → GPT-2's
 * byte-to-unicode characters → BPE merges, lowest rank first, inside each pre-token → ids.
 * decode: ids → bytes → UTF-8. Every byte is a token, so decode(encode(s)) === s for any string
 * that is valid UTF-16 (no lone surrogates). Special-token text in the input is encoded as plain
 * text, never as the special token, so the round trip holds for it too.
 */

import { BYTE_TO_UNICODE, DIGIT_SOURCE, byteLevelToBytes, displayBytes, preTokenize } from './byteLevel';

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

const utf8 = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF in the output instead of swallowing it.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Pair key for the merge table: ids stay below 2^20, so a·2^20 + b is an exact double. */
const KEY = 1 << 20;
const CACHE_LIMIT = 50_000;

export class TokenizerError extends Error {
  constructor(message: string) {
    super(`tokenizer.json: ${message}`);
    this.name = 'TokenizerError';
  }
}

export class BpeTokenizer {
  /** Number of ids, specials included (the model's vocab_size). */
  readonly vocabSize: number;
  readonly specialTokens: SpecialTokenIds;
  /** HF vocab keys by id (byte-level strings; special tokens hold their content). */
  private readonly tokens: string[];
  private readonly bytesById: Uint8Array[];
  private readonly special = new Map<number, string>();
  private readonly mergeRank = new Map<number, number>(); // pair key → rank
  private readonly mergeLeft: number[] = []; // rank → id of the left token
  private readonly mergeRight: number[] = []; // rank → id of the right token
  private readonly mergeId: number[] = []; // rank → id of the merged token
  private readonly merges: [string, string][];
  private readonly byteIds: number[] = [];
  private readonly cache = new Map<string, number[]>();

  /**
   * @param vocab token string by id (ids 0..n−1, no gaps); added tokens appear at their ids.
   * @param merges merge rules in rank order.
   * @param added special tokens (also present in vocab at their ids).
   * @param splitDigits isolate every \p{N} character before GPT-2's regex.
   */
  constructor(
    vocab: string[],
    merges: [string, string][],
    added: AddedToken[],
    readonly splitDigits = true,
  ) {
    if (vocab.length >= KEY) throw new TokenizerError(`vocabulary of ${vocab.length} is too large`);
    this.tokens = vocab;
    this.vocabSize = vocab.length;
    this.merges = merges;
    for (const { id, content } of added) {
      if (vocab[id] !== content) throw new TokenizerError(`added token ${content} is not at id ${id} in the vocab`);
      this.special.set(id, content);
    }
    const ids = new Map(vocab.map((t, i) => [t, i]));
    if (ids.size !== vocab.length) throw new TokenizerError('model.vocab has duplicate tokens');
    this.bytesById = vocab.map((t, id) => {
      const content = this.special.get(id);
      if (content !== undefined) return utf8.encode(content);
      const bytes = byteLevelToBytes(t);
      if (bytes === null || bytes.length === 0)
        throw new TokenizerError(`token ${JSON.stringify(t)} is not byte-level`);
      return bytes;
    });
    for (let b = 0; b < 256; b++) {
      const id = ids.get(BYTE_TO_UNICODE[b]);
      if (id === undefined) throw new TokenizerError(`model.vocab lacks the token for byte ${b}`);
      this.byteIds.push(id);
    }
    merges.forEach(([a, b], rank) => {
      const ia = ids.get(a);
      const ib = ids.get(b);
      const im = ids.get(a + b);
      if (ia === undefined || ib === undefined || im === undefined)
        throw new TokenizerError(`merge "${a} ${b}" uses a token that is not in model.vocab`);
      const key = ia * KEY + ib;
      if (!this.mergeRank.has(key)) this.mergeRank.set(key, rank);
      this.mergeLeft.push(ia);
      this.mergeRight.push(ib);
      this.mergeId.push(im);
    });
    const find = (names: string[]) => {
      for (const name of names) for (const [id, c] of this.special) if (c === name) return id;
      return undefined;
    };
    const eos = find(EOS_NAMES);
    if (eos === undefined) throw new TokenizerError(`added_tokens has no eos token (one of ${EOS_NAMES.join(' ')})`);
    const bos = find(BOS_NAMES);
    this.specialTokens = bos === undefined ? { eos } : { bos, eos };
  }

  /** Reads a Hugging Face tokenizer.json (byte-level BPE). Throws a TokenizerError naming the field. */
  static fromJSON(json: unknown): BpeTokenizer {
    const root = asObject(json, 'the file');
    const model = asObject(root.model, 'model');
    if (model.type !== 'BPE') throw new TokenizerError(`model.type is ${JSON.stringify(model.type)}, expected "BPE"`);
    for (const field of ['continuing_subword_prefix', 'end_of_word_suffix'] as const)
      if (model[field] != null && model[field] !== '') throw new TokenizerError(`model.${field} is not supported`);
    if (root.normalizer != null) throw new TokenizerError('normalizer must be null for byte-level BPE');
    const splitDigits = readPreTokenizer(root.pre_tokenizer);
    const vocabObj = asObject(model.vocab, 'model.vocab');
    const vocab: string[] = [];
    for (const [token, id] of Object.entries(vocabObj)) {
      if (!Number.isInteger(id) || (id as number) < 0) throw new TokenizerError(`model.vocab[${token}] is not an id`);
      if (vocab[id as number] !== undefined) throw new TokenizerError(`two tokens have id ${id}`);
      vocab[id as number] = token;
    }
    const added: AddedToken[] = [];
    for (const t of Array.isArray(root.added_tokens) ? root.added_tokens : []) {
      const { id, content } = asObject(t, 'added_tokens[]');
      if (!Number.isInteger(id) || typeof content !== 'string')
        throw new TokenizerError('added_tokens[] needs id and content');
      if (vocab[id as number] === undefined) vocab[id as number] = content;
      added.push({ id: id as number, content });
    }
    for (let i = 0; i < vocab.length; i++) if (vocab[i] === undefined) throw new TokenizerError(`no token has id ${i}`);
    if (!Array.isArray(model.merges)) throw new TokenizerError('model.merges is not an array');
    const merges = model.merges.map((m: unknown): [string, string] => {
      if (typeof m === 'string') {
        const parts = m.split(' ');
        if (parts.length === 2) return [parts[0], parts[1]];
      } else if (Array.isArray(m) && m.length === 2 && m.every((p) => typeof p === 'string')) {
        return [m[0], m[1]];
      }
      throw new TokenizerError(`model.merges entry ${JSON.stringify(m)} is not "a b" or [a, b]`);
    });
    return new BpeTokenizer(vocab, merges, added, splitDigits);
  }

  /** A Hugging Face tokenizer.json; HF tokenizers 0.23 reads it back and gives the same ids. */
  toJSON(): object {
    const digitSplit = { type: 'Split', pattern: { Regex: DIGIT_SOURCE }, behavior: 'Isolated', invert: false };
    const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
    return {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [...this.special].map(([id, content]) => ({
        id,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: null,
      pre_tokenizer: this.splitDigits ? { type: 'Sequence', pretokenizers: [digitSplit, byteLevel] } : byteLevel,
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
        vocab: Object.fromEntries(this.tokens.map((t, id) => [t, id])),
        merges: this.merges.map(([a, b]) => `${a} ${b}`),
      },
    };
  }

  /** Token ids of `text`; no bos/eos is added. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const piece of preTokenize(text, this.splitDigits)) for (const id of this.encodePiece(piece)) ids.push(id);
    return ids;
  }

  /** Text of `ids`; special tokens give their content. Bytes cut mid-character decode to U+FFFD. */
  decode(ids: readonly number[]): string {
    const parts = ids.map((id) => this.tokenBytes(id));
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return utf8Decoder.decode(bytes);
  }

  /** The raw bytes of one token (a special token's content in UTF-8). Do not mutate. */
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

  private encodePiece(piece: string): number[] {
    const cached = this.cache.get(piece);
    if (cached !== undefined) return cached;
    let syms = Array.from(utf8.encode(piece), (b) => this.byteIds[b]);
    while (syms.length > 1) {
      let best = Infinity;
      for (let i = 0; i + 1 < syms.length; i++) {
        const rank = this.mergeRank.get(syms[i] * KEY + syms[i + 1]);
        if (rank !== undefined && rank < best) best = rank;
      }
      if (best === Infinity) break;
      syms = applyMerge(syms, this.mergeLeft[best], this.mergeRight[best], this.mergeId[best]);
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(piece, syms);
    return syms;
  }
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

/** True when the pre-tokenizer isolates digits; throws unless it is byte-level without a prefix space. */
function readPreTokenizer(v: unknown): boolean {
  const pt = asObject(v, 'pre_tokenizer');
  const steps = pt.type === 'Sequence' && Array.isArray(pt.pretokenizers) ? pt.pretokenizers : [pt];
  let splitDigits = false;
  let byteLevel = false;
  for (const s of steps.map((x: unknown) => asObject(x, 'pre_tokenizer step'))) {
    if (s.type === 'ByteLevel') {
      if (s.add_prefix_space === true)
        throw new TokenizerError('pre_tokenizer ByteLevel add_prefix_space is not supported');
      if (s.use_regex === false) throw new TokenizerError('pre_tokenizer ByteLevel use_regex false is not supported');
      byteLevel = true;
    } else if (
      s.type === 'Split' &&
      asObject(s.pattern, 'pre_tokenizer Split pattern').Regex === DIGIT_SOURCE &&
      s.behavior === 'Isolated' &&
      !s.invert
    ) {
      splitDigits = true;
    } else if (s.type === 'Digits' && s.individual_digits === true) {
      splitDigits = true;
    } else {
      throw new TokenizerError(`pre_tokenizer ${JSON.stringify(s.type)} is not supported`);
    }
  }
  if (!byteLevel) throw new TokenizerError('pre_tokenizer is not ByteLevel');
  return splitDigits;
}
