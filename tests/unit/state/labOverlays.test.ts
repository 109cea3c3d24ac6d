/**
 * Earlier preset runs overlaid on the Balance lab's charts: a preset keeps the run it replaces
 * when that run was a preset, one per preset, on the same seed and shapes only.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LAB_INITIAL } from '../../../src/state/balanceLabSlice';
import { comparableOverlays, keepOverlay, presetOf } from '../../../src/state/labOverlays';
import { useAppStore } from '../../../src/state/store';
import { connectWorker } from '../../../src/state/workerLink';
import { LAB_DEFAULTS, LAB_PRESETS } from '../../../src/train/lab/labSettings';
import type { LabPoint } from '../../../src/train/lab/labRun';

const points = (n: number, lmLoss: number): LabPoint[] =>
  Array.from({ length: n }, (_, i) => ({
    step: i + 1,
    lmLoss,
    expert: 1,
    device: 1,
    comm: 1,
    maxLoad: 2,
    entropy: 2.9,
    dropShare: 0,
    groupsMax: 2,
    tokensPerSec: 1000,
    f: [new Array<number>(8).fill(1), new Array<number>(8).fill(1)],
  }));
const lab = () => useAppStore.getState().balanceLab;

describe('lab overlays', () => {
  beforeEach(() => {
    connectWorker('balanceLab', { send: () => {} });
    useAppStore.setState({ balanceLab: LAB_INITIAL });
  });

  it('name the preset a run is, whatever its model and start', () => {
    expect(presetOf(LAB_PRESETS.collapse)).toBe('collapse');
    expect(presetOf({ ...LAB_PRESETS.v3bias, model: 'tinyseek' })).toBe('v3bias');
    expect(presetOf({ ...LAB_PRESETS.v3bias, gamma: 0.02 })).toBeNull();
    expect(presetOf({ ...LAB_DEFAULTS, alphaExpert: 0.05 })).toBeNull();
  });

  it('a preset keeps the preset run it replaces, one per preset; a run that is no preset is not kept', () => {
    useAppStore.setState({ balanceLab: { ...LAB_INITIAL, settings: LAB_PRESETS.collapse, points: points(5, 6) } });
    useAppStore.getState().labApplyPreset('v3bias');
    expect(lab().points).toEqual([]);
    expect(lab().overlays.map((o) => [o.preset, o.points.length])).toEqual([['collapse', 5]]);
    useAppStore.setState({ balanceLab: { ...lab(), points: points(3, 5) } });
    useAppStore.getState().labApplyPreset('collapse');
    expect(lab().overlays.map((o) => [o.preset, o.points.length])).toEqual([
      ['collapse', 5],
      ['v3bias', 3],
    ]);
    // the new collapse run replaces the earlier one when it is left
    useAppStore.setState({ balanceLab: { ...lab(), points: points(2, 4) } });
    useAppStore.getState().labApplyPreset('balanced');
    expect(lab().overlays.map((o) => [o.preset, o.points.length])).toEqual([
      ['v3bias', 3],
      ['collapse', 2],
    ]);
    // shown beside V2 losses: both, the run's own preset never
    expect(comparableOverlays(lab().overlays, lab().settings).map((o) => o.preset)).toEqual(['v3bias', 'collapse']);
    expect(comparableOverlays(lab().overlays, LAB_PRESETS.collapse).map((o) => o.preset)).toEqual(['v3bias']);
    // another seed is not comparable
    expect(comparableOverlays(lab().overlays, { ...LAB_PRESETS.balanced, seed: 2 })).toEqual([]);
    expect(keepOverlay([], { ...LAB_DEFAULTS, alphaExpert: 0.05 }, points(4, 5))).toEqual([]);
    useAppStore.getState().labClearOverlays();
    expect(lab().overlays).toEqual([]);
  });
});
