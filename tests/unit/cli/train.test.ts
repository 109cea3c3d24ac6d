import '@tensorflow/tfjs-core'; // first: the engine must come from the main entry, not the gradient files
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainMain } from '../../../src/cli/train';
import { CHECKPOINT_FILE, LOG_FILE } from '../../../src/cli/trainRun';
import { parseModelFiles } from '../../../src/model/modelFiles';
import { parseSafetensors } from '../../../src/model/safetensors';
import { trainBpe } from '../../../src/train/bpeTrainer';

const STORY = [
  'The little fox ran to the river and drank the cold water.',
  'A small bird sang in the tall tree by the old red house.',
  'The children played in the garden until the sun went down.',
  'Once there was a cat who liked to sleep in the warm sun.',
];

let dir = '';
let tokenizer = '';
let corpus = '';

/** A run config for TINY_TEST with a 300-token vocabulary; `over` patches sections. */
function writeConfig(name: string, over: { model?: object; train?: object; data?: object } = {}): string {
  const path = join(dir, name);
  const cfg = {
    model: { preset: 'tiny-test', vocab_size: 300, ...over.model },
    train: { seed: 4, batchSize: 2, seqLen: 16, steps: 6, lr: 5e-3, minLr: 5e-4, warmupSteps: 1, ...over.train },
    data: { train: corpus, val: corpus, tokenizer, ...over.data },
    cadence: { checkpointEvery: 3, logEvery: 2, evalEvery: 3, evalBatches: 2 },
  };
  writeFileSync(path, JSON.stringify(cfg));
  return path;
}

/** Runs the command; in this thread (--workers 0) unless the test asks for workers. */
async function train(args: string[]): Promise<{ code: number; err: string }> {
  const chunks: string[] = [];
  if (!args.includes('--workers')) args = [...args, '--workers', '0'];
  const code = await trainMain(args, { stderr: { write: (s: string) => chunks.push(s), isTTY: false } });
  return { code, err: chunks.join('') };
}

/** The model tensors of a checkpoint file, as raw bits. */
function modelBits(path: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [name, t] of parseSafetensors(new Uint8Array(readFileSync(path))).tensors) {
    if (!name.startsWith('optimizer.')) out.set(name, Array.from(new Uint32Array(Float32Array.from(t.data).buffer)));
  }
  return out;
}

/** The last stderr line (the one-line error). */
const lastLine = (s: string) => s.trimEnd().split('\n').pop() ?? '';

describe('npm run train (trainMain)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tinyseek-train-'));
    const text = Array.from({ length: 60 }, (_, i) => STORY[i % STORY.length]).join('\n');
    corpus = join(dir, 'train.txt');
    writeFileSync(corpus, text);
    tokenizer = join(dir, 'tokenizer.json');
    writeFileSync(tokenizer, JSON.stringify(trainBpe(text, 300).toJSON()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains, checkpoints, resumes bit-exactly, logs JSON lines and exports a model folder', async () => {
    const cfg = writeConfig('run.json');
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    // the first half on one worker thread, the rest in this thread: the same arithmetic
    const first = await train(['--config', cfg, '--out', a, '--steps', '4', '--workers', '1']);
    expect(first.code, first.err).toBe(0);
    expect(first.err).toMatch(/step 4\/4 .* tok\/s \| loss \d+\.\d+ \| lm .* \| aux .* \| ETA/);
    const resumed = await train(['--out', a, '--resume', '--export', join(dir, 'export')]);
    expect(resumed.code, resumed.err).toBe(0);
    expect(lastLine(resumed.err)).toMatch(/^train: done at step 6 on (wasm|cpu)$/);
    expect((await train(['--config', cfg, '--out', b])).code).toBe(0);

    const [ra, rb] = [modelBits(join(a, CHECKPOINT_FILE)), modelBits(join(b, CHECKPOINT_FILE))];
    expect([...ra.keys()]).toEqual([...rb.keys()]);
    for (const [name, bits] of rb) expect(ra.get(name), name).toEqual(bits);

    const log = readFileSync(join(a, LOG_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.map((e) => e.event)).toEqual(
      ['start', 'step', 'eval', 'checkpoint', 'step', 'checkpoint', 'end'].concat([
        'resume',
        'eval',
        'step',
        'checkpoint',
        'export',
        'end',
      ]),
    );
    const step = log.find((e) => e.event === 'step');
    for (const k of ['loss', 'lmLoss', 'aux', 'gradNorm', 'lr', 'tokens', 'ms', 'tokensPerSec'])
      expect(step).toHaveProperty(k);

    const ex = join(dir, 'export');
    const files = parseModelFiles({
      config: JSON.parse(readFileSync(join(ex, 'config.json'), 'utf8')),
      weights: new Uint8Array(readFileSync(join(ex, 'model.safetensors'))),
      tokenizer: JSON.parse(readFileSync(join(ex, 'tokenizer.json'), 'utf8')),
    });
    expect(files.config.vocab_size).toBe(300);
    expect(JSON.parse(readFileSync(join(ex, 'generation_config.json'), 'utf8')).eos_token_id).toBe(299);
    expect(readFileSync(join(ex, LOG_FILE), 'utf8')).toContain('"event":"export"');
  });

  it('--workers 2: data-parallel steps, resumed bit-exactly with the same worker count', async () => {
    const cfg = writeConfig('workers.json');
    const [a, b] = [join(dir, 'w-a'), join(dir, 'w-b')];
    expect((await train(['--config', cfg, '--out', a, '--steps', '2', '--workers', '2'])).code).toBe(0);
    const resumed = await train(['--out', a, '--resume', '--steps', '4', '--workers', '2']);
    expect(resumed.code, resumed.err).toBe(0);
    expect((await train(['--config', cfg, '--out', b, '--steps', '4', '--workers', '2'])).code).toBe(0);
    const [ra, rb] = [modelBits(join(a, CHECKPOINT_FILE)), modelBits(join(b, CHECKPOINT_FILE))];
    for (const [name, bits] of rb) expect(ra.get(name), name).toEqual(bits);
    const odd = await train([
      '--config',
      writeConfig('odd.json', { train: { batchSize: 3 } }),
      '--out',
      join(dir, 'w-c'),
      '--workers',
      '2',
    ]);
    expect(lastLine(odd.err)).toBe('train: train.batchSize 3 cannot be split evenly over 2 workers');
  }, 120_000);

  it('--max-minutes stops cleanly with a checkpoint', async () => {
    const out = join(dir, 'timed');
    const r = await train(['--config', writeConfig('timed.json'), '--out', out, '--max-minutes', '0.00001']);
    expect(r.code, r.err).toBe(0);
    expect(lastLine(r.err)).toMatch(/^train: time budget reached at step \d+ on /);
    expect(existsSync(join(out, CHECKPOINT_FILE))).toBe(true);
  });

  describe('bad inputs: one line, exit 1, no checkpoint written or overwritten', () => {
    let out = '';
    let before: Buffer;
    let mtime = 0;
    beforeAll(async () => {
      out = join(dir, 'kept');
      expect((await train(['--config', writeConfig('kept.json'), '--out', out, '--steps', '3'])).code).toBe(0);
      before = readFileSync(join(out, CHECKPOINT_FILE));
      mtime = statSync(join(out, CHECKPOINT_FILE)).mtimeMs;
    });
    const unchanged = () => {
      expect(readFileSync(join(out, CHECKPOINT_FILE)).equals(before)).toBe(true);
      expect(statSync(join(out, CHECKPOINT_FILE)).mtimeMs).toBe(mtime);
    };
    const fails = async (args: string[], pattern: RegExp) => {
      const r = await train(args);
      expect(r.code).toBe(1);
      expect(
        r.err
          .trimEnd()
          .split('\n')
          .filter((l) => l.startsWith('train:')),
      ).toHaveLength(1);
      expect(lastLine(r.err)).toMatch(pattern);
      unchanged();
    };

    it('a missing corpus file', async () => {
      const cfg = writeConfig('missing.json', { data: { train: join(dir, 'nope.txt') } });
      await fails(['--config', cfg, '--out', out, '--resume'], /^train: training corpus not found: .*nope\.txt$/);
    });

    it('an empty corpus file', async () => {
      writeFileSync(join(dir, 'empty.txt'), '\n  \n');
      const cfg = writeConfig('empty.json', { data: { train: join(dir, 'empty.txt') } });
      await fails(['--config', cfg, '--out', out, '--resume'], /^train: training corpus is empty: .*empty\.txt$/);
    });

    it('a checkpoint from another model config', async () => {
      const cfg = writeConfig('other.json', { model: { hidden_size: 48 } });
      await fails(
        ['--config', cfg, '--out', out, '--resume'],
        /^train: .*checkpoint\.safetensors: checkpoint is for another model config \(hidden_size: 32 ≠ 48/,
      );
    });

    it('a config that fails validation, a missing config, a typo, an unknown flag', async () => {
      const bad = writeConfig('bad.json', { model: { num_experts_per_tok: 9 } });
      await fails(
        ['--config', bad, '--out', out, '--resume'],
        /^train: .*bad\.json: model: config\.num_experts_per_tok: 9/,
      );
      const typo = writeConfig('typo.json', { train: { learningRate: 1 } });
      await fails(['--config', typo, '--out', out], /^train: .*typo\.json: train\.learningRate: unknown field$/);
      await fails(['--config', join(dir, 'none.json'), '--out', out], /^train: config file not found: /);
      await fails(['--out', out, '--stpes', '3'], /^train: unknown flag --stpes \(--help for usage\)$/);
    });

    it('a new run into a folder that holds a checkpoint', async () => {
      await fails(['--config', writeConfig('again.json'), '--out', out], /exists: pass --resume to continue it/);
    });

    it('a learning rate that makes the loss non-finite stops with a clear message', async () => {
      const cfg = writeConfig('huge.json', { train: { lr: 1e30, minLr: 1e29, warmupSteps: 0 } });
      await fails(
        ['--config', cfg, '--out', out, '--resume'],
        /^train: training diverged at step [4-6]: the .* at lr \S+; .*checkpoint\.safetensors \(step 3\) is kept; lower train\.lr$/,
      );
      const log = readFileSync(join(out, LOG_FILE), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(log.at(-1)).toMatchObject({ event: 'diverged', kept: 3 });
    });

    it('--resume with no checkpoint', async () => {
      const r = await train(['--out', join(dir, 'empty-out'), '--resume']);
      expect(r.code).toBe(1);
      expect(lastLine(r.err)).toMatch(/^train: no checkpoint to resume: .*does not exist$/);
      expect(existsSync(join(dir, 'empty-out'))).toBe(false);
    });
  });
});
