import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { DEEPSEEK_V2, DEEPSEEK_V2_LITE, TINYSEEK, TINY_TEST } from '../../../src/model/presets';
import { parameterCounts } from '../../../src/model/sizes';
import { formatCount, parameterFigures } from '../../../src/viz/architecture/figures';
import {
  architectureLayout,
  expertGrid,
  visibleLayers,
  type Box,
  type LayerRow,
} from '../../../src/viz/architecture/layout';
import { symParts } from '../../../src/viz/common/Sym';

const inside = (a: Box, b: Box) =>
  a.x >= b.x - 1e-9 && a.y >= b.y - 1e-9 && a.x + a.w <= b.x + b.w + 1e-9 && a.y + a.h <= b.y + b.h + 1e-9;
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const layerRows = (rows: ReturnType<typeof architectureLayout>['rows']) =>
  rows.filter((r): r is LayerRow => r.kind === 'layer');

describe('visibleLayers', () => {
  it('shows every layer when they fit', () => {
    expect(visibleLayers(4, 6)).toEqual([0, 1, 2, 3]);
  });
  it('collapses the middle of a long model into one gap, keeping the first rows and the last', () => {
    expect(visibleLayers(60, 6)).toEqual([0, 1, 2, 3, { from: 4, to: 58 }, 59]);
  });
});

describe('expertGrid', () => {
  it('picks the grid with the largest near-square cells and no empty row', () => {
    expect(expertGrid(4, 60, 40)).toEqual({ rows: 2, cols: 2 });
    expect(expertGrid(4, 200, 20)).toEqual({ rows: 1, cols: 4 });
    expect(expertGrid(20, 36, 44)).toEqual({ rows: 5, cols: 4 });
    const g = expertGrid(7, 50, 50);
    expect(g.rows * g.cols).toBeGreaterThanOrEqual(7);
    expect((g.rows - 1) * g.cols).toBeLessThan(7);
  });
});

describe('architectureLayout on TinySeek', () => {
  const lay = architectureLayout(TINYSEEK);
  const layers = layerRows(lay.rows);

  it('stacks embedding, 4 layers, norm and lm_head top to bottom with an arrow between each', () => {
    expect(layers.map((l) => l.layer)).toEqual([0, 1, 2, 3]);
    const ys = [lay.embedding.y, ...layers.map((l) => l.row.y), lay.norm.y, lay.lmHead.y];
    for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeGreaterThan(ys[i - 1]);
    expect(lay.arrows).toHaveLength(6);
    expect(lay.height).toBeGreaterThan(lay.lmHead.y + lay.lmHead.h);
  });

  it('layer 0 is dense, layers 1–3 are MoE (first_k_dense_replace = 1)', () => {
    expect(layers.map((l) => l.moe)).toEqual([false, true, true, true]);
    expect(layers[0].experts).toHaveLength(0);
    expect(layers[0].shared).toHaveLength(0);
  });

  it('draws 2 shared experts and 16 routed experts in 4 groups of 4, each inside its group', () => {
    const l = layers[1];
    expect(l.shared).toHaveLength(2);
    expect(l.groups).toHaveLength(4);
    expect(l.experts.map((e) => e.expert)).toEqual([...Array(16).keys()]);
    for (const e of l.experts) {
      expect(e.group).toBe(Math.floor(e.expert / 4));
      expect(inside(e, l.groups[e.group])).toBe(true);
    }
    for (const g of l.groups) expect(inside(g, l.ffn)).toBe(true);
    for (const s of l.shared) for (const g of l.groups) expect(overlaps(s, g)).toBe(false);
  });

  it('keeps MLA chips inside the MLA box, side by side, and the blocks inside the width', () => {
    for (const l of layers) {
      const chips = [l.qChip, l.ckvChip, l.ropeChip];
      for (const c of chips) expect(inside(c, l.mla)).toBe(true);
      expect(overlaps(l.qChip, l.ckvChip) || overlaps(l.ckvChip, l.ropeChip)).toBe(false);
      expect(overlaps(l.mla, l.ffn)).toBe(false);
      expect(l.ffn.x + l.ffn.w).toBeLessThanOrEqual(lay.width);
    }
  });
});

describe('architectureLayout on other configs', () => {
  it('DeepSeek-V2: 60 layers collapse to 6 rows; 160 experts in 8 groups of 20', () => {
    const lay = architectureLayout(DEEPSEEK_V2);
    expect(lay.rows).toHaveLength(6);
    const gap = lay.rows.find((r) => r.kind === 'gap');
    expect(gap).toMatchObject({ from: 4, to: 58, moeLayers: 55 });
    const moe = layerRows(lay.rows)[1];
    expect(moe.groups).toHaveLength(8);
    expect(moe.experts).toHaveLength(160);
    for (const e of moe.experts) expect(inside(e, moe.groups[e.group])).toBe(true);
  });

  it('V2-Lite: one group of 64 experts; every layer dense without routed experts', () => {
    const lite = layerRows(architectureLayout(DEEPSEEK_V2_LITE).rows)[1];
    expect(lite.groups).toHaveLength(1);
    expect(lite.experts).toHaveLength(64);
    const dense = architectureLayout(parseConfig({ ...TINY_TEST, n_routed_experts: null }));
    expect(layerRows(dense.rows).every((l) => !l.moe && l.experts.length === 0)).toBe(true);
  });

  it('no shared experts: routed groups take the whole FFN box', () => {
    const l = layerRows(architectureLayout(parseConfig({ ...TINY_TEST, n_shared_experts: 0 })).rows)[1];
    expect(l.shared).toHaveLength(0);
    expect(l.groups[0].x).toBeLessThan(l.ffn.x + 10);
  });
});

describe('parameter figures', () => {
  it('computes the loaded model, V2 (236B / 20.9B) and V2-Lite (15.7B / 2.45B) with parameterCounts', () => {
    const rows = parameterFigures(TINYSEEK, 'TinySeek');
    expect(rows.map((r) => r.name)).toEqual(['TinySeek', 'DeepSeek-V2', 'DeepSeek-V2-Lite']);
    expect(rows[0]).toMatchObject({ loaded: true, ...pick(parameterCounts(TINYSEEK)) });
    expect([formatCount(rows[1].total), formatCount(rows[1].activated)]).toEqual(['236B', '20.9B']);
    expect([formatCount(rows[2].total), formatCount(rows[2].activated)]).toEqual(['15.7B', '2.45B']);
  });
  it('formats counts with three significant digits', () => {
    expect(formatCount(1_829_000)).toBe('1.83M');
    expect(formatCount(954_112)).toBe('954K');
    expect(formatCount(12)).toBe('12');
  });
});

function pick(p: { total: number; activated: number }) {
  return { total: p.total, activated: p.activated };
}

describe('symParts (paper notation)', () => {
  it('splits subscripts and superscripts', () => {
    expect(symParts('c_KV')).toEqual([
      { text: 'c', kind: 'base' },
      { text: 'KV', kind: 'sub' },
    ]);
    expect(symParts('d_h^R = 64').map((p) => p.kind)).toEqual(['base', 'sub', 'sup', 'base']);
    expect(symParts('d_c′ = 96').map((p) => p.text)).toEqual(['d', 'c', '′ = 96']);
  });
  it('leaves code names alone', () => {
    expect(symParts('q_proj')).toEqual([{ text: 'q_proj', kind: 'base' }]);
    expect(symParts('lm_head')).toEqual([{ text: 'lm_head', kind: 'base' }]);
  });
});

describe('fixed text colours on the diagram fills (WCAG AA 4.5:1)', () => {
  const lum = (hex: string) => {
    const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    const [r, g, b] = c.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  it.each([
    ['white expert number on the chosen blue (light theme)', '#ffffff', '#0072b2'],
    ['black expert number on the chosen sky blue (dark theme)', '#000000', '#56b4e9'],
    ['black shared-expert label on green', '#000000', '#009e73'],
  ])('%s', (_, fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });
});
