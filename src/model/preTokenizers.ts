/**
 * A tokenizer.json's pre_tokenizer, run as Hugging Face's Rust `tokenizers` runs it. The regexes
 * are translated from Oniguruma by @huggingface/tokenizers; the splitting is written here, because
 * the library treats MergedWithPrevious, MergedWithNext and Contiguous as Isolated, drops what an
 * inverted pattern does not match, isolates only ASCII digits, uses JavaScript's `\s` in
 * ByteLevel's regex and never splits Metaspace's pieces. Pure TypeScript, browser and Node.
 */
import { PreTokenizer, SplitPreTokenizer } from '@huggingface/tokenizers';
import { BYTE_TO_UNICODE, GPT2_PATTERN } from './byteLevel';
import { TokenizerError } from './tokenizerError';

/** A piece of the text and where it starts in its section (Metaspace's "first" needs it). */
interface Piece {
  text: string;
  at: number;
}
type Step = (piece: Piece, sectionIndex: number) => Piece[];

export type SplitBehavior = 'Removed' | 'Isolated' | 'MergedWithPrevious' | 'MergedWithNext' | 'Contiguous';
const BEHAVIORS: readonly string[] = ['Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'];

/**
 * Rust's NormalizedString::split: the pattern's matches (the rest, when inverted) are delimiters,
 * removed, kept alone, or merged into the piece before or after; empty pieces are dropped.
 */
export function splitPieces(
  text: string,
  pattern: RegExp | null,
  behavior: SplitBehavior,
  invert = false,
  at = 0,
): Piece[] {
  if (behavior === 'Isolated') return isolated(text, pattern, at);
  const spans: [number, number, boolean][] = []; // [start, end, is a delimiter]
  let prev = 0;
  if (pattern !== null) {
    for (const m of text.matchAll(pattern)) {
      if (prev !== m.index) spans.push([prev, m.index, invert]);
      spans.push([m.index, m.index + m[0].length, !invert]);
      prev = m.index + m[0].length;
    }
  }
  if (prev !== text.length) spans.push([prev, text.length, invert]);
  const out: [number, number][] = [];
  let previousMatch = false;
  const last = () => out[out.length - 1];
  if (behavior === 'MergedWithNext') {
    for (let i = spans.length - 1; i >= 0; i--) {
      const [start, end, isMatch] = spans[i];
      if (isMatch && !previousMatch && out.length > 0) last()[0] = start;
      else out.push([start, end]);
      previousMatch = isMatch;
    }
    out.reverse();
  } else {
    for (const [start, end, isMatch] of spans) {
      if (behavior === 'Removed' && isMatch) continue;
      const merge =
        behavior === 'MergedWithPrevious'
          ? isMatch && !previousMatch
          : behavior === 'Contiguous'
            ? isMatch === previousMatch
            : false;
      if (merge && out.length > 0) last()[1] = end;
      else out.push([start, end]);
      previousMatch = isMatch;
    }
  }
  return out.filter(([s, e]) => e > s).map(([s, e]) => ({ text: text.slice(s, e), at: at + s }));
}

/** Isolated, the common case, without the spans: every match and every gap between is a piece. */
function isolated(text: string, pattern: RegExp | null, at: number): Piece[] {
  const out: Piece[] = [];
  let prev = 0;
  if (pattern !== null) {
    for (const m of text.matchAll(pattern)) {
      if (m.index > prev) out.push({ text: text.slice(prev, m.index), at: at + prev });
      if (m[0].length > 0) out.push({ text: m[0], at: at + m.index });
      prev = m.index + m[0].length;
    }
  }
  if (prev < text.length) out.push({ text: prev === 0 ? text : text.slice(prev), at: at + prev });
  return out;
}

const NUMERIC = /\p{N}/gu; // Rust's char::is_numeric
const utf8 = new TextEncoder();

function object(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TokenizerError(`${what} is not an object`);
  return v as Record<string, unknown>;
}

function splitStep(s: Record<string, unknown>): Step {
  const behavior = s.behavior;
  if (typeof behavior !== 'string' || !BEHAVIORS.includes(behavior))
    throw new TokenizerError(`pre_tokenizer Split behavior ${JSON.stringify(behavior)} is not supported`);
  const pattern = object(s.pattern, 'pre_tokenizer Split pattern');
  const invert = s.invert === true;
  let regex: RegExp | null;
  if (typeof pattern.String === 'string') {
    // Rust matches nothing with an empty string pattern.
    regex = pattern.String === '' ? null : new SplitPreTokenizer({ ...s, invert: true } as never).pattern;
  } else if (typeof pattern.Regex === 'string') {
    try {
      regex = new SplitPreTokenizer(s as never).pattern;
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw new TokenizerError(`pre_tokenizer Split regex ${JSON.stringify(pattern.Regex)} is not supported (${why})`);
    }
  } else throw new TokenizerError('pre_tokenizer Split pattern is neither "String" nor "Regex"');
  return (p) => splitPieces(p.text, regex, behavior as SplitBehavior, invert, p.at);
}

function byteLevelStep(s: Record<string, unknown>): Step {
  const prefix = s.add_prefix_space === true;
  const useRegex = s.use_regex !== false;
  return (p) => {
    const text = prefix && !p.text.startsWith(' ') ? ' ' + p.text : p.text;
    const pieces = useRegex ? splitPieces(text, GPT2_PATTERN, 'Isolated', false, p.at) : [{ text, at: p.at }];
    for (const q of pieces) {
      let mapped = '';
      for (const b of utf8.encode(q.text)) mapped += BYTE_TO_UNICODE[b];
      q.text = mapped;
    }
    return pieces;
  };
}

function metaspaceStep(s: Record<string, unknown>): Step {
  const replacement = typeof s.replacement === 'string' ? s.replacement : '\u2581';
  // Files written before prepend_scheme existed say add_prefix_space instead.
  const scheme = s.prepend_scheme ?? (s.add_prefix_space === false ? 'never' : 'always');
  if (scheme !== 'always' && scheme !== 'first' && scheme !== 'never')
    throw new TokenizerError(`pre_tokenizer Metaspace prepend_scheme ${JSON.stringify(scheme)} is not supported`);
  const split = s.split !== false;
  const marker = new RegExp(replacement.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gu');
  return (p, sectionIndex) => {
    let text = p.text.replaceAll(' ', replacement);
    const first = p.at === 0 && sectionIndex === 0;
    if (!text.startsWith(replacement) && (scheme === 'always' || (scheme === 'first' && first)))
      text = replacement + text;
    return split ? splitPieces(text, marker, 'MergedWithNext', false, p.at) : [{ text, at: p.at }];
  };
}

function step(v: unknown): Step {
  const s = object(v, 'pre_tokenizer');
  switch (s.type) {
    case 'Sequence': {
      if (!Array.isArray(s.pretokenizers)) throw new TokenizerError('pre_tokenizer Sequence has no pretokenizers list');
      const steps = s.pretokenizers.map(step);
      return (p, i) => steps.reduce<Piece[]>((pieces, st) => pieces.flatMap((q) => st(q, i)), [p]);
    }
    case 'Split':
      return splitStep(s);
    case 'Digits': {
      const behavior = s.individual_digits === true ? 'Isolated' : 'Contiguous';
      return (p) => splitPieces(p.text, NUMERIC, behavior, false, p.at);
    }
    case 'ByteLevel':
      return byteLevelStep(s);
    case 'Metaspace':
      return metaspaceStep(s);
    default:
      throw new TokenizerError(`pre_tokenizer ${JSON.stringify(s.type)} is not supported`);
  }
}

/** The library's pre-tokenizer slot, filled with a step tree built here. */
class StepPreTokenizer extends PreTokenizer {
  constructor(private readonly run: Step) {
    super();
  }
  pre_tokenize_text(text: string, options?: { section_index?: number }): string[] {
    return this.run({ text, at: 0 }, options?.section_index ?? 0).map((p) => p.text);
  }
}

/** Reads a tokenizer.json pre_tokenizer (null: the whole text is one piece). Throws a TokenizerError. */
export function buildPreTokenizer(config: unknown): PreTokenizer | null {
  return config == null ? null : new StepPreTokenizer(step(config));
}

/** The pre-tokenizer's pieces of `text`, for tests and the token views. */
export function preTokenizeWith(config: unknown, text: string): string[] {
  const pt = buildPreTokenizer(config);
  return pt === null ? [text] : pt.pre_tokenize_text(text);
}
