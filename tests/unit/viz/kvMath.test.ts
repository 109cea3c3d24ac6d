import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { DEEPSEEK_V2, DEEPSEEK_V2_LITE, TINYSEEK } from '../../../src/model/presets';
import { formatBytes } from '../../../src/viz/common/format';
import {
  barLayout,
  cacheTable,
  contextSteps,
  formatDiff,
  formatTokens,
  heatmapGrid,
  latentColor,
  latentRows,
  liveCacheTable,
  MAX_CONTEXT,
  maxPathDiff,
  nearestStep,
  projectionTable,
  ratioSentence,
} from '../../../src/viz/kvcache/kvMath';
import { STORY as session } from './vizFixtures';

const GiB = 2 ** 30;
const byMechanism = <T extends { mechanism: string }>(rows: T[]) =>
  Object.fromEntries(rows.map((r) => [r.mechanism, r]));

describe('projection to DeepSeek-V2 (bf16)', () => {
  const rows = byMechanism(projectionTable(DEEPSEEK_V2, MAX_CONTEXT));

  it('MLA: 576 elements/token/layer × 60 layers × 2 B × 131072 tokens = 8.4375 GiB', () => {
    expect(rows.mla.elementsPerTokenPerLayer).toBe(576);
    expect(rows.mla.totalBytes).toBe(576 * 60 * 2 * 131072);
    expect(rows.mla.totalBytes / GiB).toBe(8.4375);
    expect(formatBytes(rows.mla.totalBytes)).toBe('8.44 GiB');
  });

  it('MHA 480 GiB, GQA with 2 groups 7.5 GiB, MQA 3.75 GiB', () => {
    expect(rows.mha.totalBytes / GiB).toBe(480);
    expect(formatBytes(rows.mha.totalBytes)).toBe('480 GiB');
    expect(rows.gqa.totalBytes / GiB).toBe(7.5);
    expect(rows.mqa.totalBytes / GiB).toBe(3.75);
  });

  it('one token is 69,120 B (67.5 KiB) for MLA and 3.75 MiB for MHA (docs/model.md#latent-kv-cache)', () => {
    const one = byMechanism(projectionTable(DEEPSEEK_V2, 1));
    expect(one.mla.totalBytes).toBe(69_120);
    expect(formatBytes(one.mla.totalBytes)).toBe('67.5 KiB');
    expect(formatBytes(one.mha.totalBytes)).toBe('3.75 MiB');
  });

  it('per layer is the total over num_hidden_layers', () => {
    for (const r of Object.values(rows)) expect(r.perLayerBytes * 60).toBe(r.totalBytes);
  });
});

describe('cacheTable and liveCacheTable (TinySeek, float32)', () => {
  it('per layer: MLA 72, MHA 256, GQA 64, MQA 32 elements (docs/model.md#latent-kv-cache)', () => {
    const rows = byMechanism(cacheTable(TINYSEEK, 1, 4));
    expect([rows.mla, rows.mha, rows.gqa, rows.mqa].map((r) => r.elementsPerTokenPerLayer)).toEqual([72, 256, 64, 32]);
    expect(rows.mha.totalBytes).toBe(256 * 4 * 4);
  });

  it('the recorded cache bytes equal the MLA formula at every token', () => {
    for (const r of session.records) {
      const mla = cacheTable(session.config, r.index + 1, 4)[0];
      expect(r.cacheBytes).toBe(mla.totalBytes);
    }
  });

  it('takes MLA from the measurement and marks it measured', () => {
    const rows = byMechanism(liveCacheTable(TINYSEEK, 3, 1000));
    expect(rows.mla.totalBytes).toBe(1000);
    expect(rows.mla.perLayerBytes).toBe(250);
    expect(rows.mla.measured).toBe(true);
    expect(rows.mha.measured).toBe(false);
    expect(rows.mha.totalBytes).toBe(256 * 4 * 3 * 4);
  });
});

describe('ratioSentence', () => {
  it('TinySeek: 72 of 256 (28%)', () => {
    expect(ratioSentence(TINYSEEK)).toBe('MLA keeps 72 values per token per layer; MHA would keep 256 (28%)');
  });
  it('V2: 576 of 32,768 (1.8%); V2-Lite 14%', () => {
    expect(ratioSentence(DEEPSEEK_V2)).toBe('MLA keeps 576 values per token per layer; MHA would keep 32,768 (1.8%)');
    expect(ratioSentence(DEEPSEEK_V2_LITE)).toMatch(/\(14%\)$/);
  });
});

describe('formatting', () => {
  it('tokens in binary thousands', () => {
    expect(formatTokens(131072)).toBe('128K');
    expect(formatTokens(1536)).toBe('1.5K');
    expect(formatTokens(128)).toBe('128');
  });
  it('path differences', () => {
    expect(formatDiff(3.7e-8)).toBe('3.7e-8');
    expect(formatDiff(0)).toBe('0');
    expect(formatDiff(null)).toBe('not measured');
  });
});

describe('context steps', () => {
  const steps = contextSteps();
  it('run log-ish from 128 to 128K, strictly increasing', () => {
    expect(steps[0]).toBe(128);
    expect(steps.at(-1)).toBe(131072);
    expect(steps.slice(0, 4)).toEqual([128, 192, 256, 384]);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]);
    expect(steps).toContain(4096);
  });
  it('nearestStep finds the closest on a log scale', () => {
    expect(steps[nearestStep(steps, 131072)]).toBe(131072);
    expect(steps[nearestStep(steps, 4000)]).toBe(4096);
    expect(nearestStep(steps, 1)).toBe(0);
  });
});

describe('maxPathDiff', () => {
  it('is the largest per-layer difference, tiny in float32', () => {
    const r = session.records[5];
    const expected = Math.max(...r.layers.map((l) => l.pathDiff ?? 0));
    expect(maxPathDiff(r)).toBe(expected);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(1e-5);
  });
  it('is null when no layer was measured', () => {
    const r = session.records[0];
    expect(maxPathDiff({ ...r, layers: r.layers.map((l) => ({ ...l, pathDiff: null })) })).toBeNull();
  });
});

describe('bars and heatmap scales', () => {
  it('bars are proportional to the value and clamped at the domain', () => {
    const bars = barLayout(
      [
        { mechanism: 'mla', value: 50 },
        { mechanism: 'mha', value: 100 },
        { mechanism: 'mqa', value: 200 },
      ],
      100,
      300,
      20,
    );
    expect(bars.map((b) => b.width)).toEqual([150, 300, 300]);
    expect(bars[1].y).toBeGreaterThan(bars[0].y + bars[0].height);
  });

  it('latent rows run 0..selected with d_c columns and a stable symmetric range', () => {
    const a = latentRows(session.records, 3, 1);
    const b = latentRows(session.records, 10, 1);
    expect(a.rows.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(a.dims).toBe(session.config.kv_lora_rank);
    expect(a.maxAbs).toBe(b.maxAbs);
    const all = session.records.flatMap((r) => r.layers[1].cKV.map(Math.abs));
    expect(a.maxAbs).toBe(Math.max(...all));
  });

  it('the diverging scale is RdBu centred on 0: red below, blue above, clamped', () => {
    const c = latentColor(2);
    const rgb = (v: number) => d3.rgb(c(v));
    expect(c(0)).toBe(d3.interpolateRdBu(0.5));
    expect(rgb(-2).r).toBeGreaterThan(rgb(-2).b);
    expect(rgb(2).b).toBeGreaterThan(rgb(2).r);
    expect(c(5)).toBe(c(2));
    expect(c(-1)).toBe(d3.interpolateRdBu(0.25));
  });

  it('the heatmap grid fills the width exactly', () => {
    const g = heatmapGrid(4, 64, 640, 100);
    expect(g.cellWidth).toBe(10);
    expect(g.x(63) + g.cellWidth).toBeCloseTo(640);
    expect(g.y(3) + g.cellHeight).toBeCloseTo(100);
  });
});
