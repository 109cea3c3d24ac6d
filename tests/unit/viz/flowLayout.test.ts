import { describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { DEEPSEEK_V2, DEEPSEEK_V2_LITE, TINYSEEK } from '../../../src/model/presets';
import { columnWidths, flowLayout, orientationFor, type Box, type FlowLayout } from '../../../src/viz/flow/flowLayout';
import { expertGrid, PART } from '../../../src/viz/flow/flowParts';

const layers = (c: DeepseekV2Config, n: number) => parseConfig({ ...c, num_hidden_layers: n });
const CONFIGS: [string, DeepseekV2Config][] = [
  ['tinyseek, 1 layer', layers(TINYSEEK, 1)],
  ['tinyseek, 4 layers', TINYSEEK],
  ['dense, 4 layers', parseConfig({ ...TINYSEEK, first_k_dense_replace: 4 })],
  ['V2-Lite, 27 layers', DEEPSEEK_V2_LITE],
  ['V2 (160 experts, 8 devices), 30 layers', layers(DEEPSEEK_V2, 30)],
];

/** Every box the layout places, with a name for the failure message. */
function boxes(f: FlowLayout): [string, Box][] {
  const out: [string, Box][] = [
    ['token', f.token],
    ['legend', f.legend],
    ['norm', f.norm],
    ['head', f.head],
    ['next', f.next],
  ];
  for (const s of f.layers) {
    const L = `layer ${s.layer}`;
    out.push([`${L} frame`, s.frame], [`${L} label`, s.label], [`${L} attn`, s.attn], [`${L} ffn`, s.ffn]);
    if (s.mla) {
      const m = s.mla;
      for (const [k, b] of Object.entries({ ...m, reads: undefined })) if (b) out.push([`${L} mla.${k}`, b as Box]);
      m.reads.forEach((b, i) => out.push([`${L} mla.reads[${i}]`, b]));
    }
    if (s.moeParts) {
      const p = s.moeParts;
      out.push([`${L} ffn.title`, p.title], [`${L} ffn.out`, p.out], [`${L} ffn.router`, p.routerButton]);
      if (p.shared) out.push([`${L} ffn.shared`, p.shared]);
      if (p.expertsButton) out.push([`${L} ffn.experts`, p.expertsButton]);
      p.gates.forEach((b, i) => out.push([`${L} ffn.gates[${i}]`, b]));
      for (const cell of p.grid?.cells ?? []) {
        out.push([`${L} expert ${cell.expert}`, { x: cell.x, y: cell.y, w: cell.size, h: cell.size }]);
      }
    }
  }
  return out;
}

function expectInside(f: FlowLayout, width: number, height: number) {
  for (const [name, b] of boxes(f)) {
    const where = `${name} ${JSON.stringify(b)} in ${width}×${height}`;
    expect(b.w, where).toBeGreaterThanOrEqual(0);
    expect(b.h, where).toBeGreaterThanOrEqual(0);
    expect(b.x, where).toBeGreaterThanOrEqual(-1e-6);
    expect(b.y, where).toBeGreaterThanOrEqual(-1e-6);
    expect(b.x + b.w, where).toBeLessThanOrEqual(width + 1e-6);
    expect(b.y + b.h, where).toBeLessThanOrEqual(height + 1e-6);
  }
}

describe('flowLayout, horizontal', () => {
  for (const [name, c] of CONFIGS) {
    for (const [width, height] of [
      [1280, 480],
      [1440, 600],
      [1180, 440],
      [1160, 290],
      [1200, 300],
      [700, 290],
    ]) {
      it(`${name}: every block lies inside ${width}×${height}`, () => {
        for (const selectedLayer of [0, c.num_hidden_layers - 1]) {
          const f = flowLayout(c, { width, height, orientation: 'horizontal', selectedLayer });
          expect(f.layers).toHaveLength(c.num_hidden_layers);
          expectInside(f, width, height);
          expect(f.layers[selectedLayer].detailed).toBe(true);
          expect(f.layers[selectedLayer].mla).not.toBeNull();
          // columns in order, never overlapping.
          for (let l = 1; l < f.layers.length; l++) {
            const a = f.layers[l - 1].frame;
            expect(f.layers[l].frame.x).toBeGreaterThanOrEqual(a.x + a.w);
          }
          // a detailed MoE layer draws every routed expert.
          for (const s of f.layers.filter((x) => x.detailed && x.moe)) {
            expect(s.moeParts!.grid!.cells).toHaveLength(c.n_routed_experts!);
            expect(s.moeParts!.gates).toHaveLength(c.num_experts_per_tok);
          }
        }
      });
    }
  }

  it('draws every layer in full when they fit, else the selected one in full and the rest compact', () => {
    const four = flowLayout(TINYSEEK, { width: 1440, height: 600, orientation: 'horizontal', selectedLayer: 2 });
    expect(four.layers.every((s) => s.detailed)).toBe(true);
    const lite = flowLayout(DEEPSEEK_V2_LITE, {
      width: 1440,
      height: 600,
      orientation: 'horizontal',
      selectedLayer: 5,
    });
    expect(lite.layers.map((s) => s.detailed)).toEqual(lite.layers.map((s) => s.layer === 5));
    expect(lite.layers[5].frame.w).toBeGreaterThan(lite.layers[4].frame.w * 4);
  });

  /** Two boxes share area (touching edges do not count). */
  const overlap = (a: Box, b: Box) =>
    a.x < b.x + b.w - 1e-6 && b.x < a.x + a.w - 1e-6 && a.y < b.y + b.h - 1e-6 && b.y < a.y + a.h - 1e-6;

  for (const [width, height] of [
    [1160, 290],
    [1200, 300],
  ]) {
    for (const [name, c] of CONFIGS) {
      it(`${name}: the selected layer's text rows never overlap in a short ${width}×${height} box`, () => {
        for (const selectedLayer of [0, 1, c.num_hidden_layers - 1]) {
          if (selectedLayer >= c.num_hidden_layers) continue;
          const f = flowLayout(c, { width, height, orientation: 'horizontal', selectedLayer });
          for (const s of f.layers.filter((x) => x.detailed)) {
            const m = s.mla!;
            const mla: [string, Box][] = [
              ['title', m.title],
              ['cKV', m.cKV],
              ['kR', m.kR],
              ['cache', m.cache],
              ['q', m.q],
              ...m.reads.map((b, i): [string, Box] => [`reads[${i}]`, b]),
              ['out', m.out],
            ];
            const p = s.moeParts!;
            const ffn: [string, Box][] = [
              ['title', p.title],
              ...p.gates.map((b, i): [string, Box] => [`gates[${i}]`, b]),
              ...(p.shared ? [['shared', p.shared] as [string, Box]] : []),
              ['out', p.out],
            ];
            for (const rowsOf of [mla, ffn]) {
              for (let i = 0; i < rowsOf.length; i++) {
                for (let j = i + 1; j < rowsOf.length; j++) {
                  const [a, b] = [rowsOf[i], rowsOf[j]];
                  expect(overlap(a[1], b[1]), `layer ${s.layer} ${a[0]} ${JSON.stringify(a[1])} × ${b[0]}`).toBe(false);
                }
              }
            }
            // notation rows keep room for sub/superscripts; the cache keeps a readable height.
            for (const b of [m.cKV, m.kR, m.q]) expect(b.h).toBeGreaterThanOrEqual(PART.sym);
            expect(m.cache.h).toBeGreaterThanOrEqual(PART.cacheMin);
            expect(m.reads.length).toBeGreaterThanOrEqual(1);
            if (p.grid) for (const b of p.gates) expect(b.h).toBeGreaterThanOrEqual(8);
          }
        }
      });
    }
  }

  it('gives the room between the compact columns and the final norm to the selected layer', () => {
    for (const [width, height] of [
      [1160, 290],
      [1160, 480],
    ]) {
      const f = flowLayout(TINYSEEK, { width, height, orientation: 'horizontal', selectedLayer: 1 });
      const last = f.layers[f.layers.length - 1].frame;
      expect(f.norm.x - (last.x + last.w)).toBeLessThan(40);
      expect(f.layers[1].frame.w).toBeGreaterThan(420);
    }
  });

  it('fits 30 columns: the widths and gaps sum to the space', () => {
    const { w, gap } = columnWidths(30, 900, 12);
    expect(w.reduce((a, b) => a + b, 0) + gap * 29).toBeLessThanOrEqual(900 + 1e-6);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(6);
  });
});

describe('flowLayout, vertical (phones)', () => {
  for (const [name, c] of CONFIGS) {
    it(`${name}: nothing is wider than 358 px`, () => {
      const f = flowLayout(c, { width: 358, height: 0, orientation: 'vertical', selectedLayer: 1 });
      expectInside(f, 358, f.height);
      expect(f.layers.filter((s) => s.detailed)).toHaveLength(1);
      // rows go down the page in layer order.
      for (let l = 1; l < f.layers.length; l++) {
        const a = f.layers[l - 1].frame;
        expect(f.layers[l].frame.y).toBeGreaterThanOrEqual(a.y + a.h);
      }
    });
  }

  it('is chosen below 600 px', () => {
    expect(orientationFor(390)).toBe('vertical');
    expect(orientationFor(1200)).toBe('horizontal');
  });
});

describe('expertGrid', () => {
  it('places each group’s experts contiguously inside the group outline', () => {
    const g = expertGrid(TINYSEEK, { x: 0, y: 0, w: 200, h: 60 });
    expect(g.groups).toHaveLength(4);
    for (const cell of g.cells) {
      const o = g.groups[cell.group];
      expect(cell.group).toBe(Math.floor(cell.expert / 4));
      expect(cell.x).toBeGreaterThanOrEqual(o.x);
      expect(cell.x + cell.size).toBeLessThanOrEqual(o.x + o.w + 1e-9);
      expect(cell.y + cell.size).toBeLessThanOrEqual(o.y + o.h + 1e-9);
    }
  });
});
