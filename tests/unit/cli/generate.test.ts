import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../src/model/generate';
import { DeepseekV2Model } from '../../../src/model/model';
import type { SamplingOptions } from '../../../src/model/sampling';
import { BpeTokenizer } from '../../../src/model/tokenizer';
import { SHIPPED_TOKENIZER, writeFixtureModel, type FixtureModel } from './fixtureModel';
import { cli, cliProcess } from './runCli';

let root = '';
let fx: FixtureModel;
const tok = BpeTokenizer.fromJSON(JSON.parse(readFileSync(SHIPPED_TOKENIZER, 'utf8')));
const PROMPT = 'Once upon a time, 37+48=';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tinyseek-cli-generate-'));
  fx = writeFixtureModel(join(root, 'model'));
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What the CLI should print: generate() from bos + the prompt, specials dropped, decoded, a newline. */
async function expected(maxNew: number, seed: number, sampling: SamplingOptions): Promise<string> {
  await tf.setBackend('cpu');
  const model = DeepseekV2Model.fromHostWeights(fx.config, fx.weights);
  const { bos, eos } = tok.specialTokens;
  const ids: number[] = [];
  for await (const t of generate(model, [bos as number, ...tok.encode(PROMPT)], {
    maxNew,
    seed,
    sampling,
    stopTokens: [eos],
  })) {
    if (!tok.isSpecial(t.token)) ids.push(t.token);
  }
  model.dispose();
  return tok.decode(ids) + '\n';
}

const run = (...flags: string[]) =>
  cli(['generate', '--model', fx.dir, '--prompt', PROMPT, '--backend', 'cpu', ...flags]);

describe('cli generate', () => {
  it('streams the text of the seeded generate() tokens, token by token', async () => {
    const sampling = { temperature: 1.2, topK: 50, topP: 0.9 };
    const want = await expected(24, 5, sampling);
    const before = tf.memory().numTensors;
    const r = await run('--max-new', '24', '--seed', '5', '--temperature', '1.2', '--top-k', '50', '--top-p', '0.9');
    expect(r.code, r.stderr).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.stdout).toBe(want);
    expect(r.stdoutWrites).toBeGreaterThan(2);
  });

  it('is deterministic in the seed; another seed gives other text', async () => {
    const a = await run('--max-new', '16', '--seed', '1', '--temperature', '1');
    const b = await run('--max-new', '16', '--seed', '1', '--temperature', '1');
    const c = await run('--max-new', '16', '--seed', '2', '--temperature', '1');
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('--temperature 0 is greedy: the seed does not matter', async () => {
    const want = await expected(12, 0, { temperature: 0, topK: 0, topP: 1 });
    expect((await run('--max-new', '12', '--temperature', '0', '--seed', '9')).stdout).toBe(want);
  });

  it("takes its defaults from the folder's generation_config.json", async () => {
    writeFileSync(join(fx.dir, 'generation_config.json'), JSON.stringify({ do_sample: false, max_new_tokens: 5 }));
    try {
      const r = await run();
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(await expected(5, 0, { temperature: 0, topK: 0, topP: 0.95 }));
    } finally {
      rmSync(join(fx.dir, 'generation_config.json'));
    }
  });

  it('as a process: only the text on stdout', async () => {
    const r = await cliProcess(['generate', '--model', fx.dir, '--prompt', PROMPT, '--max-new', '8', '--seed', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(9); // generated newlines only
  });
});
