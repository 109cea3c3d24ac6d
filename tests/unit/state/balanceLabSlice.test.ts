import { beforeEach, describe, expect, it } from 'vitest';
import { applyLabEvents } from '../../../src/state/applyEvent';
import { LAB_INITIAL } from '../../../src/state/balanceLabSlice';
import { useAppStore } from '../../../src/state/store';
import { connectWorker } from '../../../src/state/workerLink';
import type { LabRequest } from '../../../src/worker/balanceLab/protocol';

let sent: LabRequest[] = [];
const pointOf = (step: number) => ({
  step,
  lmLoss: 7,
  expert: 1,
  device: 1,
  comm: 1,
  maxLoad: 2,
  entropy: 2.9,
  dropShare: 0,
  groupsMax: 2,
  tokensPerSec: 1000,
  f: [Array(8).fill(1), Array(8).fill(1)],
});
const lab = () => useAppStore.getState().balanceLab;
const ready = () =>
  applyLabEvents([{ type: 'ready', settings: lab().settings, layers: [0, 1], experts: 8, corpusTokens: 100 }]);

describe('balance lab slice', () => {
  beforeEach(() => {
    sent = [];
    connectWorker('balanceLab', { send: (r) => sent.push(r) });
    useAppStore.setState({ balanceLab: LAB_INITIAL });
    useAppStore.getState().labStart();
    ready();
  });

  it('live settings update the trainer; seed and model changes reset the run', () => {
    useAppStore.getState().labSetSettings({ alphaExpert: 0.01 });
    expect(sent.at(-1)).toMatchObject({ type: 'update', settings: { alphaExpert: 0.01 } });
    expect(lab().status).toBe('ready');
    useAppStore.getState().labSetSettings({ seed: 7 });
    expect(sent.at(-1)).toMatchObject({ type: 'reset', settings: { seed: 7, alphaExpert: 0.01 } });
    expect(lab().status).toBe('starting');
    expect(lab().points).toEqual([]);
  });

  it('a bad setting is refused with a message and the settings in force stay', () => {
    const before = lab().settings;
    const n = sent.length;
    useAppStore.getState().labSetSettings({ nGroup: 3 });
    expect(lab().settingsError).toMatch(/cannot be split evenly into n_group = 3/);
    expect(lab().settings).toEqual(before);
    expect(sent).toHaveLength(n);
  });

  it('batch 20000, α = 1e308: refused when typed, naming the limit; nothing reaches the worker and Step still steps', () => {
    const before = lab().settings;
    const n = sent.length;
    useAppStore.getState().labSetSettings({ batchSize: 20000 });
    expect(lab().settingsError).toMatch(
      /needs about .* GB for one step; the lab allows 1\.0 GB \(at sequence 32, batch ≤ 165\)/,
    );
    useAppStore.getState().labSetSettings({ alphaExpert: 1e308 });
    expect(lab().settingsError).toMatch(/alphaExpert: expected α in \[0, 10\]/);
    expect(lab().settings).toEqual(before);
    expect(sent).toHaveLength(n);
    useAppStore.getState().labStep();
    expect(sent.at(-1)).toEqual({ type: 'step' });
  });

  it('a run loaded while the trainer is starting stays on screen when the trainer is ready', () => {
    useAppStore.getState().labReset();
    expect(lab().status).toBe('starting');
    const points = [1, 2, 3].map((step) => ({ ...pointOf(step) }));
    useAppStore.getState().labShowRun({
      format: 'tinyseek-balance-lab-run',
      version: 1,
      settings: lab().settings,
      backend: 'wasm',
      layers: [0, 1],
      points,
    });
    ready();
    expect(lab().status).toBe('ready');
    expect(lab().points).toBe(points);
    expect(lab().loadedFrom).toBe('wasm');
  });

  it('a divergence stops playing and shows its message; play needs a ready trainer', () => {
    useAppStore.getState().labPlay();
    expect(lab().playing).toBe(true);
    expect(sent.at(-1)).toEqual({ type: 'play', until: undefined });
    applyLabEvents([{ type: 'stopped', reason: 'diverged', message: 'Training stopped at step 3' }]);
    expect(lab().playing).toBe(false);
    expect(lab().message).toBe('Training stopped at step 3');
    useAppStore.setState({ balanceLab: { ...lab(), status: 'starting' } });
    const n = sent.length;
    useAppStore.getState().labPlay();
    useAppStore.getState().labStep();
    expect(sent).toHaveLength(n);
  });

  it('the presets reset with their α', () => {
    useAppStore.getState().labApplyPreset('collapse');
    expect(sent.at(-1)).toMatchObject({ type: 'reset', settings: { alphaExpert: 0, alphaDevice: 0, alphaComm: 0 } });
  });
});
