import { describe, expect, it } from 'vitest';
import { TINYSEEK } from '../../../src/model/presets';
import { parameterCounts } from '../../../src/model/sizes';
import type { GrpoStepEvent, SampledGroup } from '../../../src/rl/events';
import { initialGrpoLab, reduceGrpoEvent } from '../../../src/state/grpoSlice';
import { advantageBars, curve } from '../../../src/viz/grpo/grpoCharts';
import { advantageColor, maxAbsAdvantage, rlMemory } from '../../../src/viz/grpo/grpoMath';

describe('GRPO view math', () => {
  it('PPO’s value model for TINYSEEK: the policy without its V-way head, plus a scalar head', () => {
    const m = rlMemory(TINYSEEK);
    const p = parameterCounts(TINYSEEK);
    const d = TINYSEEK.hidden_size;
    const head = TINYSEEK.tie_word_embeddings ? 0 : TINYSEEK.vocab_size * d;
    expect(m.policyParams).toBe(p.total);
    expect(m.valueParams).toBe(p.total - head + d);
    expect(m.grpoBytes).toBe(p.total * 16 + p.total * 4);
    expect(m.ppoBytes).toBe(m.grpoBytes + m.valueParams * 16);
  });

  it('advantage bars hang from the zero line: up for positive, down for negative', () => {
    const c = advantageBars([1.5, -0.5, -1, 0]);
    expect(c.bars[0].y + c.bars[0].height).toBeCloseTo(c.zeroY, 9);
    expect(c.bars[1].y).toBeCloseTo(c.zeroY, 9);
    expect(c.bars[2].height).toBeCloseTo(2 * c.bars[1].height, 9);
    expect(c.bars[3].height).toBe(0);
  });

  it('curves leave out NaN points and fix the accuracy axis to [0, 1]', () => {
    const c = curve(
      [
        { step: 1, value: 0.5 },
        { step: 2, value: NaN },
        { step: 3, value: 0.6 },
      ],
      { yDomain: [0, 1], marks: [2] },
    );
    expect(c.dots.map((d) => d.step)).toEqual([1, 3]);
    expect(c.path.startsWith('M')).toBe(true);
    expect(c.yTicks[0].value).toBe(0);
    expect(c.marks).toHaveLength(1);
  });

  it('advantage colours: white-ish at 0, blue above, red below', () => {
    const [r0, g0, b0] = advantageColor(0, 1).match(/\d+/g)!.map(Number);
    expect(Math.min(r0, g0, b0)).toBeGreaterThan(230); // near white
    const [r, , b] = advantageColor(1, 1).match(/\d+/g)!.map(Number);
    expect(b).toBeGreaterThan(r);
    const [r2, , b2] = advantageColor(-1, 1).match(/\d+/g)!.map(Number);
    expect(r2).toBeGreaterThan(b2);
    expect(maxAbsAdvantage([[0.2, -1.5], [0.1]])).toBe(1.5);
  });
});

describe('the GRPO slice folds worker events', () => {
  const group = (step: number, index: number): SampledGroup => ({
    step,
    index,
    prompt: { text: '1+2=', answer: '3' },
    outputs: [],
    mean: 0,
    std: 0,
    skipped: true,
  });

  it('groups arrive as sampled, a step adds a point, a run ends ready, a refusal keeps the state', () => {
    let l = reduceGrpoEvent(initialGrpoLab(), { type: 'running', running: true });
    l = { ...l, status: 'running' };
    l = reduceGrpoEvent(l, { type: 'group', group: group(1, 0) });
    l = reduceGrpoEvent(l, { type: 'group', group: group(1, 1) });
    expect(l.sampling.map((g) => g.index)).toEqual([0, 1]);
    const event = { step: 1, meanReward: 0.5, loss: 0.1, kl: 0.01, groups: [] } as unknown as GrpoStepEvent;
    l = reduceGrpoEvent(l, { type: 'step', event, remaining: 2 });
    expect(l.history).toEqual([{ step: 1, meanReward: 0.5, loss: 0.1, kl: 0.01, skipped: 0 }]);
    l = reduceGrpoEvent(l, { type: 'group', group: group(2, 0) });
    expect(l.sampling).toHaveLength(1);
    l = reduceGrpoEvent(l, { type: 'running', running: false });
    expect(l.status).toBe('ready');
    l = reduceGrpoEvent(l, { type: 'error', during: 'run', message: 'the clip range ε must be a number ≥ 0, got -1' });
    expect(l.status).toBe('ready');
    expect(l.error).toMatch(/clip range/);
    expect(l.history).toHaveLength(1);
  });
});
