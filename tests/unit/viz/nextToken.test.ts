import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { TINY_TEST } from '../../../src/model/presets';
import { distributionChart, NEXT_SIZE, sharedMax, tokenLabel } from '../../../src/viz/nexttoken/barsLayout';
import {
  describeInterventions,
  hasInterventions,
  isExpertOff,
  reachableExperts,
  toggleExpert,
  withSharedOff,
  withTopK,
} from '../../../src/viz/nexttoken/interventions';
import { describeRecorded, distributionRows } from '../../../src/viz/nexttoken/nextTokenText';
import { STORY } from './vizFixtures';

const C = STORY.config; // 16 experts, K 4, 4 groups, M 2, group-limited

describe('interventions', () => {
  it('reaches M groups of N_r/D experts under group-limited routing, all N_r otherwise', () => {
    expect(reachableExperts(C)).toBe(8);
    expect(reachableExperts(parseConfig({ ...TINY_TEST, n_routed_experts: 16, topk_method: 'greedy' }))).toBe(16);
  });

  it("sets top-k, clamps it, and drops it at the model's own K", () => {
    expect(withTopK({}, 2, C)).toEqual({ topK: 2 });
    expect(withTopK({ topK: 2, disableShared: true }, 4, C)).toEqual({ disableShared: true });
    expect(withTopK({}, 99, C)).toEqual({ topK: 8 });
    expect(withTopK({}, 0, C)).toEqual({ topK: 1 });
  });

  it('switches the shared experts off and back on', () => {
    expect(withSharedOff({}, true)).toEqual({ disableShared: true });
    expect(withSharedOff({ disableShared: true, topK: 2 }, false)).toEqual({ topK: 2 });
  });

  it('toggles experts per layer, sorted, dropping empty layers', () => {
    const a = toggleExpert({}, 1, 9);
    expect(a).toEqual({ disabledExperts: { 1: [9] } });
    const b = toggleExpert(a, 1, 3);
    expect(b).toEqual({ disabledExperts: { 1: [3, 9] } });
    const c = toggleExpert(b, 2, 0);
    expect(c).toEqual({ disabledExperts: { 1: [3, 9], 2: [0] } });
    expect(isExpertOff(c, 1, 3)).toBe(true);
    expect(isExpertOff(c, 2, 3)).toBe(false);
    expect(toggleExpert(toggleExpert(c, 2, 0), 1, 9)).toEqual({ disabledExperts: { 1: [3] } });
    expect(toggleExpert({ topK: 2, disabledExperts: { 1: [3] } }, 1, 3)).toEqual({ topK: 2 });
    expect(a).toEqual({ disabledExperts: { 1: [9] } }); // inputs untouched
  });

  it('says what is changed', () => {
    expect(hasInterventions({})).toBe(false);
    expect(hasInterventions({ disabledExperts: { 1: [] } })).toBe(false);
    expect(hasInterventions({ disableShared: false })).toBe(false);
    expect(hasInterventions({ topK: 2 })).toBe(true);
    expect(describeInterventions({})).toBe('none');
    expect(describeInterventions({ topK: 2, disableShared: true, disabledExperts: { 1: [3, 9], 3: [0] } })).toBe(
      'top-k 2 · shared experts off · layer 1: experts 3, 9 off · layer 3: expert 0 off',
    );
  });
});

describe('barsLayout', () => {
  const next = STORY.records[4].next;

  it('shares one nice axis end across both lists', () => {
    expect(sharedMax([{ id: 1, p: 0.42, text: 'a' }], [{ id: 2, p: 0.61, text: 'b' }])).toBeCloseTo(0.8, 12);
    expect(sharedMax([{ id: 1, p: 0.93, text: 'a' }], null)).toBe(1);
    expect(sharedMax([], null)).toBe(1);
    const m = sharedMax(next, null);
    expect(m).toBeGreaterThanOrEqual(next[0].p);
    expect(m).toBeLessThan(next[0].p * 2);
  });

  it('lays the recorded top 10 out with the longest bar first', () => {
    const chart = distributionChart(next, sharedMax(next, null));
    expect(chart.rows).toHaveLength(10);
    expect(chart.rows[0].bar.x).toBe(NEXT_SIZE.left);
    expect(chart.rows[0].bar.width).toBeGreaterThan(chart.rows[9].bar.width);
    expect(chart.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(chart.rows.every((r) => r.referenceP === null)).toBe(true);
  });

  it('marks each token’s recorded p, and newcomers, against a reference', () => {
    const other = [
      { id: next[2].id, p: 0.002, text: next[2].text },
      { id: 99999, p: 0.001, text: 'zz' },
    ];
    const chart = distributionChart(other, 0.004, next);
    expect(chart.rows[0].referenceP).toBe(next[2].p);
    expect(chart.rows[0].referenceX).toBeCloseTo(chart.axis.x(next[2].p), 9);
    expect(chart.rows[1].referenceP).toBeNull();
    expect(distributionRows(chart.rows, true)[1]).toEqual([2, '‘zz’', 99999, '0.10%', 'not in top 10']);
  });

  it('cuts long token texts', () => {
    expect(tokenLabel('␣upon')).toBe('␣upon');
    expect(tokenLabel('abcdefghijklmnop')).toBe('abcdefghij…');
  });

  it('summarises the chart in words', () => {
    expect(describeRecorded(next, STORY.records[4].text)).toMatch(
      new RegExp(`^Bar chart: the 10 most likely next tokens after ‘${STORY.records[4].text}’`),
    );
  });
});
