import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, toConfigJson } from '../../../src/model/config';
import { serializeSafetensors } from '../../../src/model/safetensors';
import { initWeights } from '../../../src/model/weights';
import { FIXTURE_CONFIG, writeFixtureModel } from './fixtureModel';
import { cli, cliProcess, type CliResult } from './runCli';

let root = '';
/** Folders by name: a good one, and one broken in each way a user's folder can be. */
const dirs: Record<string, string> = {};

/** A copy of the good folder with `file` replaced (or removed when `content` is null). */
function variant(name: string, file: string, content: string | Uint8Array | null): void {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const f of ['config.json', 'model.safetensors', 'tokenizer.json'])
    copyFileSync(join(dirs.good, f), join(dir, f));
  if (content === null) rmSync(join(dir, file));
  else writeFileSync(join(dir, file), content);
  dirs[name] = dir;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tinyseek-cli-errors-'));
  dirs.good = writeFixtureModel(join(root, 'good')).dir;
  const config = JSON.parse(readFileSync(join(dirs.good, 'config.json'), 'utf8'));
  variant('configNotJson', 'config.json', '{"vocab_size": 1536,');
  variant('configBadField', 'config.json', JSON.stringify({ ...config, kv_lora_rank: -4 }));
  variant('noConfig', 'config.json', null);
  variant('weightsGarbage', 'model.safetensors', new Uint8Array([1, 2, 3, 4, 5]));
  const other = parseConfig({ ...FIXTURE_CONFIG, hidden_size: 48 });
  variant('weightsWrongShape', 'model.safetensors', serializeSafetensors(initWeights(other, 1)));
  variant('noWeights', 'model.safetensors', null);
  variant('tokenizerBroken', 'tokenizer.json', '{"model": {}}');
  variant('noTokenizer', 'tokenizer.json', null);
  variant('generationConfigBroken', 'generation_config.json', '{"temperature": ');
  const small = parseConfig({ ...FIXTURE_CONFIG, vocab_size: 1000, bos_token_id: null, eos_token_id: null });
  variant('vocabTooSmall', 'config.json', JSON.stringify(toConfigJson(small)));
  writeFileSync(join(dirs.vocabTooSmall, 'model.safetensors'), serializeSafetensors(initWeights(small, 1)));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** [what is wrong, argv (folders by name as @name), what the one line must say] */
const BAD: [string, string[], RegExp][] = [
  ['unknown command', ['frobnicate'], /unknown command "frobnicate"/],
  ['missing folder', ['forward', '--model', '/no/such/dir', '--ids', '1'], /model folder not found/],
  ['no --model', ['forward', '--ids', '1'], /--model DIR is required/],
  ['no --ids', ['forward', '--model', '@good'], /--ids is required/],
  ['config.json not JSON', ['forward', '--model', '@configNotJson', '--ids', '1'], /^config\.json: not valid JSON/],
  ['config.json bad field', ['forward', '--model', '@configBadField', '--ids', '1'], /^config\.json: .*kv_lora_rank/],
  ['config.json missing', ['forward', '--model', '@noConfig', '--ids', '1'], /config\.json is missing/],
  ['weights not safetensors', ['forward', '--model', '@weightsGarbage', '--ids', '1'], /^model\.safetensors: /],
  [
    'weights of another shape',
    ['forward', '--model', '@weightsWrongShape', '--ids', '1'],
    /^model\.safetensors: .*expected shape/,
  ],
  ['weights missing', ['forward', '--model', '@noWeights', '--ids', '1'], /model\.safetensors is missing/],
  ['tokenizer.json broken', ['forward', '--model', '@tokenizerBroken', '--ids', '1'], /^tokenizer\.json: /],
  [
    'tokenizer larger than the vocabulary',
    ['forward', '--model', '@vocabTooSmall', '--ids', '1'],
    /^tokenizer\.json: has 1536 tokens/,
  ],
  [
    'id = vocab_size',
    ['forward', '--model', '@good', '--ids', '1,1536'],
    /token id 1536 is outside the vocabulary \[0, 1536\)/,
  ],
  ['id far out of range', ['forward', '--model', '@good', '--ids', '99999999'], /token id 99999999 is outside/],
  ['negative id', ['forward', '--model', '@good', '--ids', '-1'], /--ids must be comma-separated token ids/],
  ['empty ids', ['forward', '--model', '@good', '--ids', ''], /--ids must be comma-separated token ids/],
  ['non-numeric id', ['forward', '--model', '@good', '--ids', '1,a'], /--ids must be comma-separated/],
  [
    'more ids than the context',
    ['forward', '--model', '@good', '--ids', Array(129).fill(1).join(',')],
    /129 ids exceed the context of 128/,
  ],
  ['unknown flag', ['forward', '--model', '@good', '--ids', '1', '--bogus'], /unknown flag --bogus/],
  ['flag without its value', ['forward', '--model', '@good', '--ids'], /--ids needs a value/],
  ['stray argument', ['forward', 'extra', '--model', '@good', '--ids', '1'], /unexpected argument "extra"/],
  [
    'bad --backend',
    ['forward', '--model', '@good', '--ids', '1', '--backend', 'webgpu'],
    /--backend must be one of wasm, cpu/,
  ],
  [
    'bad --attention',
    ['forward', '--model', '@good', '--ids', '1', '--attention', 'flash'],
    /--attention must be naive or absorbed/,
  ],
  ['generate: no --prompt', ['generate', '--model', '@good'], /--prompt TEXT is required/],
  [
    'generate: no tokenizer.json',
    ['generate', '--model', '@noTokenizer', '--prompt', 'hi'],
    /tokenizer\.json is missing/,
  ],
  [
    'generate: --max-new 0',
    ['generate', '--model', '@good', '--prompt', 'hi', '--max-new', '0'],
    /--max-new must be an integer ≥ 1/,
  ],
  [
    'generate: --max-new 1.5',
    ['generate', '--model', '@good', '--prompt', 'hi', '--max-new', '1.5'],
    /--max-new must be an integer/,
  ],
  [
    'generate: --seed 0.5',
    ['generate', '--model', '@good', '--prompt', 'hi', '--seed', '0.5'],
    /--seed must be an integer/,
  ],
  [
    'generate: --temperature -1',
    ['generate', '--model', '@good', '--prompt', 'hi', '--temperature', '-1'],
    /--temperature must be/,
  ],
  ['generate: --top-k 2.5', ['generate', '--model', '@good', '--prompt', 'hi', '--top-k', '2.5'], /--top-k must be/],
  [
    'generate: --top-p 0',
    ['generate', '--model', '@good', '--prompt', 'hi', '--top-p', '0'],
    /--top-p must be in \(0, 1\]/,
  ],
  [
    'generate: --top-p not a number',
    ['generate', '--model', '@good', '--prompt', 'hi', '--top-p', 'x'],
    /--top-p must be a number/,
  ],
  [
    'generate: generation_config.json not JSON',
    ['generate', '--model', '@generationConfigBroken', '--prompt', 'hi'],
    /^generation_config\.json: not valid JSON/,
  ],
  [
    'generate: prompt longer than the context',
    ['generate', '--model', '@good', '--prompt', '1 '.repeat(200)],
    /the context is 128/,
  ],
  ['info: missing folder', ['info', '--model', '/no/such/dir'], /model folder not found/],
  ['info: unknown preset', ['info', '--preset', 'gpt-5'], /unknown preset "gpt-5"/],
];

const argv = (args: string[]) => args.map((a) => (a.startsWith('@') ? dirs[a.slice(1)] : a));

function expectOneLineError(r: CliResult, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr.slice('error: '.length)).toMatch(message);
}

describe('cli bad input: exit 1, one line on stderr, nothing on stdout', () => {
  it.each(BAD)('%s', async (_what, args, message) => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    expectOneLineError(await cli(argv(args)), message);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(BAD.filter((_, i) => i % 6 === 0))('as a process: %s', async (_what, args, message) => {
    expectOneLineError(await cliProcess(argv(args)), message);
  });
});
