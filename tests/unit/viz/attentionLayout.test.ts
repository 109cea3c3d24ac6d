import { describe, expect, it } from 'vitest';
import { softmaxScale } from '../../../src/model/config';
import {
  attentionSummary,
  headAttention,
  headDetailLayout,
  heatmapLayout,
  maxAbsPart,
  maxWeight,
  partColor,
  softmaxOfParts,
  weightColor,
} from '../../../src/viz/attention/attentionLayout';
import { STORY as story, SUM as sum } from './vizFixtures';

const sigma = softmaxScale(story.config);

describe('headAttention', () => {
  it('gives every head the keys 0..t with their texts, σ-scaled parts and the argmax', () => {
    const t = 9;
    const heads = headAttention(story.records, t, 2, sigma);
    expect(heads).toHaveLength(story.config.num_attention_heads);
    const L = story.records[t].layers[2];
    for (const h of heads) {
      expect(h.keys.map((k) => k.pos)).toEqual([...Array(t + 1).keys()]);
      expect(h.keys.map((k) => k.text)).toEqual(story.records.slice(0, t + 1).map((r) => r.text));
      const k = h.keys[4];
      expect(k.weight).toBe(L.attention[h.head][4]);
      expect(k.content).toBeCloseTo(sigma * L.nope[h.head][4], 12);
      expect(k.position).toBeCloseTo(sigma * L.rope[h.head][4], 12);
      expect(k.logit).toBeCloseTo(k.content + k.position, 12);
      expect(h.keys[h.top].weight).toBe(Math.max(...L.attention[h.head]));
    }
  });

  it('splits each logit completely: softmax(σ·(nope + rope)) gives back the recorded weights', () => {
    for (const s of [story, sum]) {
      const sg = softmaxScale(s.config);
      for (const rec of s.records)
        for (let layer = 0; layer < s.config.num_hidden_layers; layer++)
          for (const h of headAttention(s.records, rec.index, layer, sg)) {
            const p = softmaxOfParts(h.keys);
            h.keys.forEach((k, j) => expect(Math.abs(p[j] - k.weight)).toBeLessThan(5e-5));
          }
    }
  });

  it('has a single key of weight 1 for the first token, and nothing for a missing record or layer', () => {
    const heads = headAttention(story.records, 0, 1, sigma);
    for (const h of heads) expect(h.keys).toEqual([expect.objectContaining({ pos: 0, weight: 1 })]);
    expect(headAttention(story.records, story.records.length, 1, sigma)).toEqual([]);
    expect(headAttention(story.records, 3, 99, sigma)).toEqual([]);
  });
});

describe('scales', () => {
  const heads = headAttention(story.records, 12, 1, sigma);
  it('take their domains from the data', () => {
    const w = Math.max(...heads.flatMap((h) => h.keys.map((k) => k.weight)));
    expect(maxWeight(heads)).toBe(w);
    const m = maxAbsPart(heads);
    for (const h of heads)
      for (const k of h.keys)
        expect(Math.max(Math.abs(k.content), Math.abs(k.position), Math.abs(k.logit))).toBeLessThanOrEqual(m);
    expect(maxWeight([])).toBe(1);
    expect(maxAbsPart([])).toBe(1);
  });

  it('map weight 0 and max to the ends of viridis, and zero parts to the diverging midpoint', () => {
    const wc = weightColor(0.5);
    expect(wc(0)).toBe('#440154');
    expect(wc(0.5)).toBe('#fde725');
    expect(wc(2)).toBe(wc(0.5));
    const pc = partColor(1);
    expect(pc(0)).toBe(partColor(7)(0));
    expect(pc(-1)).not.toBe(pc(1));
  });
});

describe('heatmapLayout', () => {
  it('stacks a weight, content and position strip per head and gives each key one column', () => {
    const l = heatmapLayout(8, 10, { left: 100, cell: 30, weightHeight: 16, partHeight: 10, gap: 8 });
    expect(l.strips).toHaveLength(24);
    expect(l.strips.slice(0, 3).map((s) => s.kind)).toEqual(['weight', 'content', 'position']);
    expect(l.blocks[1].y0).toBe(l.blocks[0].y1 + 8);
    expect(l.width).toBe(100 + 30 * 10);
    expect(l.x(0)).toBe(100);
    expect(l.height).toBe(l.blocks[7].y1);
  });

  it('shrinks the columns to fit the width, but never below 6 px', () => {
    expect(heatmapLayout(8, 50, { left: 100, maxWidth: 700 }).width).toBeCloseTo(700, 6);
    expect(heatmapLayout(8, 1000, { left: 100, maxWidth: 700 }).width).toBe(100 + 6000);
  });
});

describe('headDetailLayout', () => {
  const heads = headAttention(story.records, 8, 3, sigma);
  const l = heatmapLayout(heads.length, 9);
  const d = headDetailLayout(heads[2], { x: l.x, width: l.width });

  it('draws one weight bar per key, taller for larger weights, from the panel floor', () => {
    expect(d.weightBars).toHaveLength(9);
    const [lo, hi] = [...d.weightBars]
      .sort((a, b) => a.value - b.value)
      .filter((_, i, a) => i === 0 || i === a.length - 1);
    expect(hi.height).toBeGreaterThan(lo.height);
    for (const b of d.weightBars) expect(b.y + b.height).toBeCloseTo(d.weightPanel[1], 6);
  });

  it('stacks content and position away from zero (diverging), with the logit tick at their sum', () => {
    expect(d.segments).toHaveLength(18);
    for (const k of heads[2].keys) {
      const c = d.segments.find((s) => s.pos === k.pos && s.kind === 'content')!;
      const p = d.segments.find((s) => s.pos === k.pos && s.kind === 'position')!;
      if (k.content >= 0) expect(c.y + c.height).toBeCloseTo(d.zero, 6);
      else expect(c.y).toBeCloseTo(d.zero, 6);
      // Same signs stack end to end; opposite signs both start at zero.
      if (Math.sign(k.content) === Math.sign(k.position) && k.position > 0) expect(p.y + p.height).toBeCloseTo(c.y, 6);
      if (Math.sign(k.content) !== Math.sign(k.position) && k.position < 0) expect(p.y).toBeCloseTo(d.zero, 6);
      const tick = d.logitTicks.find((t) => t.pos === k.pos)!;
      const perUnit = (d.zero - d.partTicks[d.partTicks.length - 1].at) / d.partTicks[d.partTicks.length - 1].value;
      expect(tick.y).toBeCloseTo(d.zero - k.logit * perUnit, 4);
    }
  });
});

describe('summaries', () => {
  it('name every head and the key it attends to most', () => {
    const heads = headAttention(sum.records, 5, 1, softmaxScale(sum.config));
    const s = attentionSummary(heads, { index: 5, text: sum.records[5].text }, 1);
    expect(s).toContain(`token “${sum.records[5].text}” (#5) at layer 1 over 6 positions, 8 heads`);
    for (const h of heads) expect(s).toContain(`head ${h.head} most on “${h.keys[h.top].text}” (#${h.top}`);
  });
});
