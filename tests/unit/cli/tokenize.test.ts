import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../../../src/model/tokenizer';
import { deepSeekLayout, MULTILINGUAL } from '../model/tokenizerFixtures';
import { SHIPPED_TOKENIZER } from './fixtureModel';
import { cli, cliProcess } from './runCli';

let root = '';
const shipped = BpeTokenizer.fromJSON(JSON.parse(readFileSync(SHIPPED_TOKENIZER, 'utf8')));
const folder = (name: string, tokenizer?: object) => {
  const dir = join(root, name);
  mkdirSync(dir);
  if (tokenizer) writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  return dir;
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tinyseek-cli-tokenize-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('cli tokenize', () => {
  it('prints the ids of --text as one JSON array, from the folder of a real process', async () => {
    const r = await cliProcess([
      'tokenize',
      '--model',
      'public/models/tinyseek',
      '--text',
      'Once upon a time, 37+48=85',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual(shipped.encode('Once upon a time, 37+48=85'));
  });

  it('reads --file, and a folder that holds only a tokenizer.json in DeepSeek’s layout', async () => {
    const json = deepSeekLayout();
    const dir = folder('deepseek', json);
    const file = join(root, 'text.txt');
    writeFileSync(file, MULTILINGUAL);
    const r = await cli(['tokenize', '--model', dir, '--file', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(
      new Tokenizer(json, {}).encode(MULTILINGUAL, { add_special_tokens: false }).ids,
    );
  });

  it('is listed in help', async () => {
    expect((await cli(['help'])).stdout).toMatch(/^ {2}tokenize {2}--model DIR --text T \| --file F /m);
  });

  it('refuses bad input with one line on stderr and nothing on stdout', async () => {
    const refused = folder('refused', { ...deepSeekLayout(), pre_tokenizer: { type: 'Whitespace' } });
    const cases: [string[], string][] = [
      [['--text', 'x'], 'error: --model DIR is required'],
      [['--model', refused], 'error: give the text as --text TEXT or --file F (one of the two)'],
      [
        ['--model', refused, '--text', 'x', '--file', 'y'],
        'error: give the text as --text TEXT or --file F (one of the two)',
      ],
      [['--model', folder('empty'), '--text', 'x'], `error: ${join(root, 'empty', 'tokenizer.json')} is missing`],
      [['--model', refused, '--text', 'x'], 'error: tokenizer.json: pre_tokenizer "Whitespace" is not supported'],
      [
        ['--model', 'public/models/tinyseek', '--file', join(root, 'nope.txt')],
        `error: file not found: ${join(root, 'nope.txt')}`,
      ],
    ];
    for (const [args, line] of cases) {
      const r = await cli(['tokenize', ...args]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(line + '\n');
    }
  });
});
