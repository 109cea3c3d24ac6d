import { describe, expect, it } from 'vitest';
import {
  capacityChart,
  deviceLoadChart,
  expertLoadChart,
  lossChart,
  meanProbChart,
} from '../../../src/viz/balance/balanceCharts';
import { capacityDrops, layerBalance } from '../../../src/viz/balance/balanceMath';
import {
  describeCapacity,
  describeLosses,
  dropSummary,
  expertRows,
  lossText,
} from '../../../src/viz/balance/balanceText';
import { STORY } from './vizFixtures';

const c = STORY.config;
const seen = STORY.records;
const b = layerBalance(seen, 2, c);

describe('balance chart geometry', () => {
  it('draws f_i with the fair-share line at y(1) and the dropped part on top', () => {
    const drops = capacityDrops(seen, 2, c, 0.5);
    const chart = expertLoadChart(b, drops);
    expect(chart.bars).toHaveLength(16);
    expect(chart.refY).toBe(chart.axis.y(1));
    expect(chart.axis.yMax).toBeGreaterThanOrEqual(Math.max(2, ...b.f));
    const toF = 16 / (4 * seen.length);
    for (const bar of chart.bars) {
      expect(bar.device).toBe(Math.floor(bar.expert / 4));
      const n = drops.perExpert[bar.expert];
      if (n === 0) expect(bar.dropped).toBeNull();
      else {
        expect(bar.dropped!.y).toBe(bar.bar.y);
        expect(bar.dropped!.height).toBeCloseTo(chart.axis.y(bar.value - n * toF) - bar.bar.y, 9);
      }
    }
    expect(chart.devices.map((d) => d.device)).toEqual([0, 1, 2, 3]);
    expect(chart.devices[1].x0).toBe(chart.bars[4].x);
    expect(expertLoadChart(b, null).bars.every((x) => x.dropped === null)).toBe(true);
  });

  it('draws P_i with the uniform line at 1/N_r', () => {
    const chart = meanProbChart(b);
    expect(chart.refY).toBe(chart.axis.y(1 / 16));
    expect(chart.axis.yMax).toBeGreaterThanOrEqual(2 / 16);
  });

  it('pairs f′ and f″ per device on one axis with 1 marked', () => {
    const chart = deviceLoadChart(b);
    expect(chart.axis.bars.map((x) => [x.index, x.series])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
      [3, 0],
      [3, 1],
    ]);
    expect(chart.axis.bars[3].value).toBe(b.device.fComm[1]);
    expect(chart.refY).toBe(chart.axis.y(1));
  });

  it('puts the three losses on a scale from 0 that covers 2 and marks 1', () => {
    const chart = lossChart(b);
    expect(chart.rows.map((r) => r.value)).toEqual([b.loss.expert, b.loss.device, b.loss.comm]);
    expect(chart.balancedX).toBe(chart.axis.x(1));
    expect(chart.axis.x(2)).toBeLessThanOrEqual(chart.axis.width);
  });

  it('marks the part of each device over capacity', () => {
    const drops = capacityDrops(seen, 2, c, 0.5);
    const chart = capacityChart(drops);
    expect(chart.capacityY).toBe(chart.axis.y(drops.capacity));
    drops.perDevice.forEach((n, i) => {
      if (n === 0) expect(chart.dropped[i]).toBeNull();
      // the kept part ends exactly at the capacity line
      else expect(chart.dropped[i]!.y + chart.dropped[i]!.height).toBeCloseTo(chart.capacityY, 9);
    });
  });
});

describe('balance text', () => {
  it('writes the losses with three decimals in the summary', () => {
    const t = lossText(b);
    expect(t.expert).toBe(b.loss.expert.toFixed(3));
    expect(describeLosses(b)).toContain(`expert-level ${t.expert}, device-level ${t.device}, communication ${t.comm}`);
  });

  it('summarises drops and capacity', () => {
    const none = capacityDrops(seen, 2, c, 2);
    expect(dropSummary(none, 4, seen.length)).toBe(
      `No assignments dropped: every device is within its capacity of ${none.capacity}.`,
    );
    const some = capacityDrops(seen, 2, c, 0.5);
    expect(dropSummary(some, 4, seen.length)).toMatch(new RegExp(`^${some.count} of ${4 * seen.length} `));
    expect(describeCapacity(some)).toContain(`capacity of ${some.capacity} (factor 0.50`);
    const rows = expertRows(b, some);
    expect(rows).toHaveLength(16);
    expect(rows[5][2]).toBe(b.counts[5]);
    expect(rows[5][5]).toBe(some.perExpert[5]);
  });
});
