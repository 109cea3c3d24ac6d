/**
 * "Save model" in the labs: the Balance lab's worker answers `export` with the run's weights as a
 * float32 safetensors that parses back to the trainer's weights (bytes transferred), and the page's
 * pure module names the folder, writes the README from the settings and curves, and zips the
 * files so that unzipping gives the same bytes and Explore's drop path loads the model.
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  balanceRun,
  everyNth,
  filesForExplore,
  grpoRun,
  savedFiles,
  savedFolderName,
  savedReadme,
  zipSaved,
} from '../../../src/app/labs/savedModel';
import { parseModelFiles } from '../../../src/model/modelFiles';
import { parseSafetensors } from '../../../src/model/safetensors';
import { LAB_INITIAL, reduceLabEvent } from '../../../src/state/balanceLabSlice';
import { initialGrpoLab } from '../../../src/state/grpoSlice';
import { toPoint } from '../../../src/train/lab/labRun';
import { labConfig, LAB_DEFAULTS, type LabSettings } from '../../../src/train/lab/labSettings';
import { BalanceLabTrainer } from '../../../src/train/lab/labTrainer';
import { LabHost } from '../../../src/worker/balanceLab/labHost';
import type { LabEvent } from '../../../src/worker/balanceLab/protocol';
import { modelFilesFromDrop } from '../../../src/worker/fetchModel';
import type { ExportedEvent } from '../../../src/worker/messages';
import { labTokens, LAB_TEXT, TOKENIZER } from '../train/lab/labFixtures';
import { fetchFrom } from '../worker/fakeGpu';

const FAST: LabSettings = { ...LAB_DEFAULTS, batchSize: 2, seqLen: 8, seed: 7 };
const SOURCES = { text: 'http://lab.test/lab.txt', model: 'http://lab.test/model/' };
const STEPS = 2;

describe('the Balance lab saves what it trained', () => {
  const events: LabEvent[] = [];
  const transfers: Transferable[][] = [];
  let exported: ExportedEvent;

  beforeAll(async () => {
    vi.stubGlobal(
      'fetch',
      fetchFrom({
        [SOURCES.text]: readFileSync(LAB_TEXT, 'utf8'),
        [`${SOURCES.model}tokenizer.json`]: readFileSync(TOKENIZER, 'utf8'),
      }),
    );
    const host = new LabHost((e, transfer) => {
      events.push(e);
      transfers.push(transfer ?? []);
    });
    host.handle({ type: 'init', order: ['cpu'], sources: SOURCES });
    host.handle({ type: 'reset', settings: FAST });
    for (let i = 0; i < STEPS; i++) host.handle({ type: 'step' });
    host.handle({ type: 'export', for: 'save' });
    await host.idle();
    const i = events.findIndex((e) => e.type === 'exported');
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    exported = events[i] as ExportedEvent;
    expect(transfers[i]).toEqual([exported.files.safetensors.buffer]);
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it('the worker sends the weights after the steps as float32 safetensors with Hugging Face names', async () => {
    expect(exported).toMatchObject({ type: 'exported', for: 'save', step: STEPS });
    // the same run again, outside the worker: its weights are the ones saved
    const trainer = BalanceLabTrainer.create(FAST, labTokens());
    for (let i = 0; i < STEPS; i++) await trainer.step();
    const expected = await trainer.weights();
    trainer.dispose();
    const parsed = parseSafetensors(exported.files.safetensors);
    expect([...parsed.tensors.keys()].sort()).toEqual([...expected.keys()].sort());
    expect(parsed.tensors.has('model.embed_tokens.weight')).toBe(true);
    for (const [name, t] of expected) {
      const got = parsed.tensors.get(name);
      expect(got?.dtype, name).toBe('F32');
      expect(got?.shape, name).toEqual(t.shape);
      expect(got?.data, name).toEqual(t.data);
    }
    expect(JSON.parse(exported.files.config)).toMatchObject({ ...labConfig(FAST) });
    expect(JSON.parse(exported.files.tokenizer)).toEqual(JSON.parse(readFileSync(TOKENIZER, 'utf8')));
  });

  it('zips one folder whose files unzip to the same bytes, and Explore can load them', () => {
    const lab = events.reduce(reduceLabEvent, { ...LAB_INITIAL, settings: FAST });
    expect(lab.points.map((p) => p.step)).toEqual([1, 2]);
    const run = balanceRun(lab, exported.step);
    const folder = savedFolderName(run);
    expect(folder).toBe(`${FAST.model}-balance-step2`);
    const files = savedFiles(run, exported.files);
    const unzipped = unzipSync(zipSaved(folder, files));
    expect(Object.keys(unzipped).sort()).toEqual(
      ['README.md', 'config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json']
        .map((n) => `${folder}/${n}`)
        .sort(),
    );
    for (const f of files) expect(unzipped[`${folder}/${f.name}`], f.name).toEqual(f.bytes);
    const gen = JSON.parse(new TextDecoder().decode(unzipped[`${folder}/generation_config.json`]));
    expect(gen.eos_token_id).toBe(JSON.parse(exported.files.config).eos_token_id);

    const loaded = parseModelFiles(modelFilesFromDrop(filesForExplore(files)));
    expect(loaded.config).toEqual(labConfig(FAST));
    expect(loaded.tokenizer?.vocabSize).toBe(JSON.parse(exported.files.config).vocab_size);
  });

  it("writes the run's settings and its curves, a row per step, into README.md", () => {
    const lab = events.reduce(reduceLabEvent, { ...LAB_INITIAL, settings: FAST });
    const readme = savedReadme(balanceRun(lab, 2));
    expect(readme).toContain(`# ${FAST.model}-balance-step2`);
    expect(readme).toContain('- seed: 7');
    expect(readme).toContain(`- batchSize: 2`);
    expect(readme).toContain('| step | LM loss |');
    const steps = events.flatMap((e) => (e.type === 'step' ? [toPoint(e.event)] : []));
    for (const p of steps) expect(readme).toContain(`| ${p.step} | ${p.lmLoss.toPrecision(4)} |`);
  });
});

describe('the saved folder, pure', () => {
  it('keeps every Nth step and the last in the curve table', () => {
    const rows = Array.from({ length: 45 }, (_, i) => i + 1);
    expect(everyNth(rows, 20)).toEqual({ every: 3, rows: [3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45] });
    expect(everyNth([1, 2, 3], 20)).toEqual({ every: 1, rows: [1, 2, 3] });
    expect(
      everyNth(
        Array.from({ length: 41 }, (_, i) => i + 1),
        20,
      ).rows.slice(-2),
    ).toEqual([39, 41]);
  });

  it('names the GRPO folder after the model and steps, and tables mean reward and held-out accuracy where measured', () => {
    const lab = {
      ...initialGrpoLab(),
      modelName: 'TinySeek v1',
      history: [1, 2].map((step) => ({ step, meanReward: step / 4, loss: 0, kl: 0.01 * step, skipped: 0 })),
      evals: [0, 2].map((step) => ({ step, heldOut: { accuracy: step / 8, correct: step, n: 16 }, load: [] })),
    };
    const run = grpoRun(lab, 2);
    expect(savedFolderName(run)).toBe('tinyseek-v1-grpo-step2');
    const readme = savedReadme(run);
    expect(readme).toContain('- group: 8');
    expect(readme).toContain('- heldOut: 20');
    expect(readme).toContain('| 1 | 0.2500 | 0.01000 | no value |');
    expect(readme).toContain('| 2 | 0.5000 | 0.02000 | 0.2500 |');
  });
});
