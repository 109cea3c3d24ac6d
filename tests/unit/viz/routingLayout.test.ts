import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import {
  expertGroup,
  expertLoads,
  groupStarts,
  groupsReached,
  maxProb,
  moeLayers,
  probColor,
  routingGrid,
  routingRows,
  routingSummary,
  tokenPath,
  tokensRoutedTo,
  withinGroupLimit,
} from '../../../src/viz/routing/routingLayout';
import { STORY as story, SUM as sum } from './vizFixtures';

const c = story.config;

describe('groups (devices)', () => {
  it('splits the routed experts into contiguous blocks of N_r / n_group', () => {
    expect(groupStarts(c)).toEqual([0, 4, 8, 12]);
    expect([0, 3, 4, 7, 8, 15].map((e) => expertGroup(c, e))).toEqual([0, 0, 1, 1, 2, 3]);
    const v2 = parseConfig({
      vocab_size: 8,
      hidden_size: 8,
      intermediate_size: 8,
      moe_intermediate_size: 8,
      num_hidden_layers: 2,
      num_attention_heads: 1,
      kv_lora_rank: 4,
      n_routed_experts: 160,
      n_group: 8,
      topk_group: 3,
      num_experts_per_tok: 6,
      topk_method: 'group_limited_greedy',
    });
    expect(groupStarts(v2)).toEqual([0, 20, 40, 60, 80, 100, 120, 140]);
    expect(expertGroup(v2, 159)).toBe(7);
  });

  it('lists the MoE layers (layer 0 is dense in the fixtures)', () => {
    expect(moeLayers(c)).toEqual([1, 2, 3]);
  });

  it('finds every recorded token within the device limit: groups reached ≤ topk_group, all selected', () => {
    let checked = 0;
    for (const s of [story, sum])
      for (const rec of s.records)
        for (const L of rec.layers) {
          if (!L.routing) continue;
          expect(L.routing.selectedGroups).toHaveLength(s.config.topk_group);
          expect(groupsReached(s.config, L.routing).length).toBeLessThanOrEqual(s.config.topk_group);
          expect(withinGroupLimit(s.config, L.routing)).toBe(true);
          checked++;
        }
    expect(checked).toBe((story.records.length + sum.records.length) * 3);
  });

  it('flags a choice that reaches a group the router did not select', () => {
    const r = story.records[0].layers[1].routing!;
    const outside = [0, 1, 2, 3].find((g) => !r.selectedGroups.includes(g))!;
    expect(withinGroupLimit(c, { ...r, experts: [...r.experts.slice(0, -1), outside * 4] })).toBe(false);
    expect(groupsReached(c, { ...r, experts: [0, 4, 8, 12] })).toEqual([0, 1, 2, 3]);
  });
});

describe('routingRows', () => {
  it('has a row per token and a cell per routed expert, marking the chosen ones and the allowed groups', () => {
    const rows = routingRows(c, story.records, 2);
    expect(rows).toHaveLength(story.records.length);
    for (const row of rows) {
      const r = story.records[row.index].layers[2].routing!;
      expect(row.cells.map((x) => x.prob)).toEqual(r.probs);
      const chosen = row.cells.filter((x) => x.rank >= 0).sort((a, b) => a.rank - b.rank);
      expect(chosen.map((x) => x.expert)).toEqual(r.experts);
      expect(chosen.map((x) => x.gate)).toEqual(r.gates);
      for (const x of row.cells) expect(x.allowed).toBe(r.selectedGroups.includes(Math.floor(x.expert / 4)));
      // Group-limited greedy picks the largest s among the allowed experts.
      const allowed = row.cells.filter((x) => x.allowed).sort((a, b) => b.prob - a.prob);
      expect(chosen.map((x) => x.prob)).toEqual(allowed.slice(0, c.num_experts_per_tok).map((x) => x.prob));
    }
  });

  it('is empty for the dense layer', () => {
    expect(routingRows(c, story.records, 0)).toEqual([]);
  });

  it('feeds the colour scale: max probability and viridis ends', () => {
    const rows = routingRows(c, sum.records, 1);
    expect(maxProb(rows)).toBe(Math.max(...sum.records.flatMap((r) => r.layers[1].routing!.probs)));
    expect(probColor(0.1)(0)).toBe('#440154');
    expect(probColor(0.1)(0.1)).toBe('#fde725');
  });
});

describe('tokensRoutedTo and expertLoads', () => {
  it('lists exactly the tokens whose top-K includes the expert, with gate and rank', () => {
    for (const layer of [1, 2, 3])
      for (let e = 0; e < 16; e++) {
        const got = tokensRoutedTo(story.records, layer, e);
        const want = story.records.filter((r) => r.layers[layer].routing!.experts.includes(e));
        expect(got.map((t) => t.index)).toEqual(want.map((r) => r.index));
        for (const t of got) {
          const r = story.records[t.index].layers[layer].routing!;
          expect(r.experts[t.rank]).toBe(e);
          expect(t.gate).toBe(r.gates[t.rank]);
          expect(t.text).toBe(story.records[t.index].text);
        }
      }
    expect(tokensRoutedTo(story.records, 0, 3)).toEqual([]);
  });

  it('counts K_r choices per token in the loads', () => {
    const loads = expertLoads(c, story.records, 3);
    expect(loads).toHaveLength(16);
    expect(loads.reduce((a, b) => a + b, 0)).toBe(story.records.length * c.num_experts_per_tok);
    expect(loads[5]).toBe(tokensRoutedTo(story.records, 3, 5).length);
  });
});

describe('tokenPath', () => {
  it('goes through the dense MLP at layer 0 and through the chosen experts elsewhere', () => {
    const rec = story.records[7];
    const path = tokenPath(c, rec);
    expect(path.map((s) => s.kind)).toEqual(['dense', 'moe', 'moe', 'moe']);
    for (const s of path) {
      if (s.kind !== 'moe') continue;
      const r = rec.layers[s.layer].routing!;
      expect(s.experts.map((e) => e.expert)).toEqual(r.experts);
      expect(s.experts.map((e) => e.gate)).toEqual(r.gates);
      expect(s.experts.every((e) => s.selectedGroups.includes(e.group))).toBe(true);
    }
  });
});

describe('routingGrid', () => {
  const g = routingGrid(c, 24, { left: 100, top: 40, cell: 30, rowHeight: 20, groupGap: 8, sharedGap: 18 });

  it('places 16 routed columns in 4 groups with gaps, then the 2 shared columns', () => {
    expect(g.columns.filter((x) => x.kind === 'routed')).toHaveLength(16);
    expect(g.columns.filter((x) => x.kind === 'shared')).toHaveLength(2);
    expect(g.groups.map((x) => x.x0)).toEqual([100, 228, 356, 484]);
    expect(g.groups.every((x) => x.x1 - x.x0 === 120)).toBe(true);
    expect(g.columns[4].x).toBe(g.columns[3].x + 30 + 8);
    expect(g.separators).toEqual([224, 352, 480, 613]);
    expect(g.shared).toEqual({ x0: 622, x1: 682 });
    expect(g.width).toBe(682);
    expect(g.height).toBe(40 + 24 * 20);
  });

  it('has no gaps with one group and no shared block without shared experts', () => {
    const one = routingGrid({ ...c, n_group: 1, topk_group: 1, n_shared_experts: 0 }, 3, { left: 0, cell: 10 });
    expect(one.separators).toEqual([]);
    expect(one.shared).toBeNull();
    expect(one.width).toBe(160);
  });
});

describe('routingSummary', () => {
  it('states the size, the selected token’s devices and experts, and the busiest expert', () => {
    const rows = routingRows(c, story.records, 1);
    const loads = expertLoads(c, story.records, 1);
    const r = story.records[5].layers[1].routing!;
    const s = routingSummary(c, rows, 1, 5, loads);
    expect(s).toContain(`${story.records.length} tokens × 16 routed experts in 4 device groups, plus 2 shared experts`);
    expect(s).toContain(`may use devices ${r.selectedGroups.join(' and ')} and chose experts ${r.experts.join(', ')}`);
    expect(s).toContain(`(${Math.max(...loads)} tokens)`);
  });
});
