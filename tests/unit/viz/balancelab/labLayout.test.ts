import { describe, expect, it } from 'vitest';
import { heatmapLayout, lineLayout } from '../../../../src/viz/balancelab/labLayout';

const margin = { top: 0, right: 0, bottom: 0, left: 0 };

describe('balance lab layouts', () => {
  it('lines share one step axis, leave gaps at non-finite values and include the reference', () => {
    const l = lineLayout(
      [
        {
          name: 'a',
          points: [
            [1, 2],
            [2, NaN],
            [3, 4],
          ],
        },
        {
          name: 'b',
          points: [
            [1, 1],
            [2, 1],
            [3, 1],
          ],
        },
      ],
      { width: 100, height: 50, margin, include: [0] },
    );
    expect(l.yDomain[0]).toBe(0);
    expect(l.yDomain[1]).toBeGreaterThanOrEqual(4);
    expect(l.paths[0].d.match(/M/g)).toHaveLength(2); // the NaN splits the line
    expect(l.paths[0].end).toMatchObject({ x: 100, value: 4 });
    expect(l.y(0)).toBe(50);
  });

  it('a flat series of zeros gets the axis 0 … 1, never negative', () => {
    const l = lineLayout(
      [
        {
          name: 'dropped',
          points: [
            [1, 0],
            [2, 0],
          ],
        },
      ],
      { width: 100, height: 50, margin, include: [0] },
    );
    expect(l.yDomain).toEqual([0, 1]);
  });

  it('the heatmap bins steps into at most maxColumns columns of mean loads', () => {
    const steps = [1, 2, 3, 4, 5];
    const loads = steps.map((s) => [s, 8 - s]);
    const h = heatmapLayout(steps, loads, { width: 30, height: 20, margin, maxColumns: 3 });
    expect(h.bins).toEqual([
      { from: 1, to: 2 },
      { from: 3, to: 4 },
      { from: 5, to: 5 },
    ]);
    expect(h.cells).toHaveLength(6);
    expect(h.cells.filter((c) => c.col === 0).map((c) => c.value)).toEqual([1.5, 6.5]);
    expect(h.cells[0]).toMatchObject({ x: 0, y: 0, width: 10, height: 10 });
    expect(h.rows).toEqual([5, 15]);
  });

  it('a 200,000-point run lays out (no spread into Math.min/max), with a short path that keeps its spike', () => {
    const n = 200_000;
    const points: [number, number][] = Array.from({ length: n }, (_, i) => [i + 1, 2 + Math.sin(i / 500)]);
    points[123_457][1] = 40; // one spike
    const heat = Array.from({ length: n }, (_, i) => [i % 7, 1]);
    const steps = points.map(([s]) => s);
    const l = lineLayout([{ name: 'long', points }], { width: 320, height: 150, margin, include: [0] });
    expect(l.yDomain[0]).toBe(0);
    expect(l.yDomain[1]).toBeGreaterThanOrEqual(40); // the spike sets the axis
    expect(l.paths[0].end).toMatchObject({ value: points[n - 1][1] });
    const drawn = l.paths[0].d.split(/[ML]/).length - 1;
    expect(drawn).toBeLessThanOrEqual(2 * 320 + 2);
    expect(l.paths[0].d).toContain(`,${l.y(40)}`); // the spike's y is in the path
    const h = heatmapLayout(steps, heat, { width: 880, height: 190, margin, maxColumns: 120 });
    expect(h.bins).toHaveLength(120);
    expect(h.max).toBeGreaterThanOrEqual(2);
  });
});
