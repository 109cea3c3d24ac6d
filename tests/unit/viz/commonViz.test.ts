import { describe, expect, it } from 'vitest';
import { groupedBars, horizontalBars, verticalBars } from '../../../src/viz/common/bars';
import { formatBytes, formatNumber, formatPercent, formatSigned, percentTicks } from '../../../src/viz/common/format';
import { CATEGORY, PANEL, categoryStyle, contrastRatio } from '../../../src/viz/common/palette';

describe('format', () => {
  it('formats numbers with a real minus and no negative zero', () => {
    expect(formatNumber(1.23456)).toBe('1.23');
    expect(formatNumber(-0.5, 1)).toBe('−0.5');
    expect(formatNumber(-0.0001)).toBe('0.00');
    expect(formatNumber(NaN)).toBe('–');
    expect(formatSigned(0.25)).toBe('+0.25');
    expect(formatSigned(-0.25)).toBe('−0.25');
    expect(formatSigned(0.001)).toBe('0.00');
    expect(formatNumber(-0.1234, 3)).toBe('−0.123');
    expect(formatNumber(-0.00001, 3)).toBe('0.000');
    expect(formatNumber(2, 1)).toBe('2.0');
  });

  it('keeps about two significant digits for small percents', () => {
    expect(formatPercent(0.0015127)).toBe('0.15%');
    expect(formatPercent(0.042)).toBe('4.2%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.000012)).toBe('0.0012%');
    expect(formatPercent(0.28125)).toBe('28%');
    expect(formatPercent(576 / 32768)).toBe('1.8%');
  });

  it('formats bytes in binary units, three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1152)).toBe('1.13 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(27_648)).toBe('27 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3 MiB');
    expect(formatBytes(2 ** 40)).toBe('1 TiB');
    expect(formatBytes(NaN)).toBe('–');
  });
});

describe('palette', () => {
  it('has ≥ 3:1 contrast with the panel in both themes (WCAG 1.4.11)', () => {
    for (const c of CATEGORY.light) expect(contrastRatio(c, PANEL.light)).toBeGreaterThanOrEqual(3);
    for (const c of CATEGORY.dark) expect(contrastRatio(c, PANEL.dark)).toBeGreaterThanOrEqual(3);
  });

  it('computes the WCAG ratio and repeats colours past the palette', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    expect(categoryStyle(CATEGORY.light.length)).toEqual(categoryStyle(0));
  });
});

describe('bars', () => {
  const margin = { top: 10, right: 5, bottom: 20, left: 30 };

  it('lays out upright bars from the baseline with a nice axis', () => {
    const v = verticalBars([0, 1, 3], { width: 335, height: 130, margin, minYMax: 2 });
    expect(v.yMax).toBe(3);
    expect(v.y(0)).toBe(110);
    expect(v.y(3)).toBe(10);
    v.bars.forEach((b, i) => expect(b.height).toBeCloseTo([0, 100 / 3, 100][i], 9));
    expect(v.bars[0].x).toBeGreaterThanOrEqual(30);
    expect(v.bars[2].x + v.bandwidth).toBeLessThanOrEqual(330);
    expect(v.ticks[0]).toEqual({ value: 0, at: 110 });
  });

  it('reaches minYMax and clips values above the axis', () => {
    const v = verticalBars([0.2, 0.5], { width: 100, height: 100, margin, minYMax: 2 });
    expect(v.yMax).toBe(2);
    expect(v.y(5)).toBe(v.y(2));
  });

  it('lays out horizontal bars on a shared scale', () => {
    const h = horizontalBars([0.5, 0.25], { width: 300, rowHeight: 20, left: 100, right: 50, xMax: 0.5, top: 4 });
    expect(h.bars[0].width).toBe(150);
    expect(h.bars[1].width).toBe(75);
    expect(h.bars[1].y).toBeGreaterThan(h.bars[0].y);
    expect(h.height).toBe(44);
    expect(h.x(1)).toBe(250);
  });
});

describe('groupedBars', () => {
  it('puts each series side by side inside its group, on one axis', () => {
    const margin = { top: 0, right: 0, bottom: 0, left: 0 };
    const g = groupedBars(
      [
        [1, 2],
        [0.5, 1],
      ],
      { width: 200, height: 100, margin, minYMax: 2 },
    );
    expect(g.bars).toHaveLength(4);
    expect(g.yMax).toBe(2);
    expect(g.bars[1].height).toBeCloseTo(100, 9);
    expect(g.bars[0].height).toBeCloseTo(50, 9);
    expect(g.bars[1].x).toBeGreaterThan(g.bars[0].x);
    expect(g.bars[2].x).toBeGreaterThanOrEqual(g.groups[1].x);
    expect(g.bars[1].x + g.bars[1].width).toBeLessThanOrEqual(g.groups[0].x + g.groups[0].width + 1e-9);
  });
});

describe('percentTicks', () => {
  it('gives every tick the decimals its step needs', () => {
    const small = percentTicks(0.0005);
    expect([0, 0.0005, 0.001, 0.0015].map(small)).toEqual(['0%', '0.05%', '0.10%', '0.15%']);
    const big = percentTicks(0.05);
    expect([0, 0.05, 0.1].map(big)).toEqual(['0%', '5%', '10%']);
    expect(percentTicks(0.025)(0.075)).toBe('7.5%');
  });
});
