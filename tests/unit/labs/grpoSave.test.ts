/**
 * "Save model" in the GRPO lab: the worker answers `export` after a step with the policy's weights
 * (not the starting ones) as float32 safetensors, bytes transferred; the slice asks only once a
 * step is done and nothing runs, and a failed export leaves one line and the run.
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toConfigJson } from '../../../src/model/config';
import { parseSafetensors, serializeSafetensors } from '../../../src/model/safetensors';
import { initWeights } from '../../../src/model/weights';
import { GRPO_DEFAULTS, type GrpoHyper } from '../../../src/rl/config';
import { initialGrpoLab, reduceGrpoEvent } from '../../../src/state/grpoSlice';
import { useAppStore } from '../../../src/state/store';
import { connectWorker } from '../../../src/state/workerLink';
import { GrpoHost } from '../../../src/worker/grpo/grpoHost';
import type { GrpoEvent, GrpoRequest } from '../../../src/worker/grpo/protocol';
import type { ExportedEvent } from '../../../src/worker/messages';
import { FIXTURE_CONFIG, SHIPPED_TOKENIZER } from '../cli/fixtureModel';
import { fetchFrom } from '../worker/fakeGpu';

const BASE = 'http://grpo.test/fixture/';
const HYPER: GrpoHyper = { ...GRPO_DEFAULTS, task: 'story-length', prompts: 1, group: 4, lr: 1e-2 };
const EVALUATION = { heldOut: 1, evalEvery: 100 };
const START = initWeights(FIXTURE_CONFIG, 7);

describe('the GRPO lab saves its policy', () => {
  beforeAll(() => {
    vi.stubGlobal(
      'fetch',
      fetchFrom({
        [`${BASE}config.json`]: JSON.stringify(toConfigJson(FIXTURE_CONFIG)),
        [`${BASE}tokenizer.json`]: readFileSync(SHIPPED_TOKENIZER, 'utf8'),
        [`${BASE}model.safetensors`]: serializeSafetensors(START, 'F32'),
      }),
    );
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it("the worker sends the policy after the step, with the model's config and tokenizer", async () => {
    const events: GrpoEvent[] = [];
    const transfers: Transferable[][] = [];
    const host = new GrpoHost((e, transfer) => {
      events.push(e);
      transfers.push(transfer ?? []);
    });
    host.handle({ type: 'init', order: ['cpu'], base: BASE, hyper: HYPER, evaluation: EVALUATION });
    host.handle({ type: 'run', steps: 1, hyper: HYPER, evaluation: EVALUATION });
    host.handle({ type: 'export', for: 'explore' });
    await host.idle();
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    const i = events.findIndex((e) => e.type === 'exported');
    const e = events[i] as ExportedEvent;
    expect(e).toMatchObject({ type: 'exported', for: 'explore', step: 1 });
    expect(transfers[i]).toEqual([e.files.safetensors.buffer]);
    const saved = parseSafetensors(e.files.safetensors).tensors;
    expect([...saved.keys()].sort()).toEqual([...START.keys()].sort());
    // lr 1e-2 moves the weights: what is saved is the policy, not the start
    const moved = [...START].some(([name, t]) => saved.get(name)?.data.some((v, j) => v !== t.data[j]));
    expect(moved).toBe(true);
    expect(JSON.parse(e.files.config)).toMatchObject({ hidden_size: FIXTURE_CONFIG.hidden_size });
    expect(JSON.parse(e.files.tokenizer)).toEqual(JSON.parse(readFileSync(SHIPPED_TOKENIZER, 'utf8')));
  });

  it('the slice asks only once a step is done, and a failed export leaves one line and the run', () => {
    const sent: GrpoRequest[] = [];
    connectWorker('grpo', { send: (r) => sent.push(r) });
    useAppStore.setState({ grpo: { ...initialGrpoLab(), status: 'ready' } });
    useAppStore.getState().grpoExport('save');
    expect(sent).toEqual([]); // nothing trained yet
    const point = { step: 1, meanReward: 0.5, loss: 0, kl: 0, skipped: 0 };
    useAppStore.setState({ grpo: { ...initialGrpoLab(), status: 'running', history: [point] } });
    useAppStore.getState().grpoExport('save');
    expect(sent).toEqual([]); // a step is running
    useAppStore.setState({ grpo: { ...useAppStore.getState().grpo, status: 'ready' } });
    useAppStore.getState().grpoExport('save');
    expect(sent).toEqual([{ type: 'export', for: 'save' }]);
    const lab = useAppStore.getState().grpo;
    expect(lab.exporting).toBe('save');
    const failed = reduceGrpoEvent(lab, { type: 'error', during: 'export', message: 'this model cannot be opened' });
    expect(failed).toMatchObject({ exporting: null, error: 'this model cannot be opened', status: 'ready' });
    expect(failed.history).toEqual([point]);
    connectWorker('grpo', null);
  });
});
