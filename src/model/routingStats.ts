/**
 * The one home of DeepSeekMoE's routing statistics, on plain numbers (no tfjs, no DOM): the expert
 * loads f_i and mean affinities P_i, the per-device terms, the three balance losses as L/α
 * (DeepSeek-V2, arXiv 2405.04434, eqs. 23–31), and token dropping's device capacity and drop plan
 * (§2.2.4). Training (the drop plan in moe.ts), the Load balance view and the balance lab all call
 * these functions; the tensor losses training differentiates (src/train/balanceLosses.ts) are
 * tested equal to routingStats.
 *
 * Notation: T tokens, N_r routed experts, K experts per token, D = n_group devices (contiguous
 * blocks of N_r/D experts), M = topk_group devices a token may reach.
 */

/** N_r, K, D and M of a routing. */
export interface RoutingShape {
  nRouted: number;
  k: number;
  nGroup: number;
  topkGroup: number;
}

/** Everything the statistics need from T tokens' routing (sums, so windows and batches add up). */
export interface RoutingCounts {
  /** T. */
  tokens: number;
  /** tokens that chose each expert. [N_r] */
  counts: number[];
  /** Σ_t s_{i,t}: router affinities summed over the tokens. [N_r] */
  probSums: number[];
  /** tokens with at least one chosen expert on each device. [D] */
  sent: number[];
}

/** Per-device terms (eqs. 26–31). */
export interface DeviceBalance {
  /** f'_i: mean of f_j over device i's experts. [D] */
  f: number[];
  /** P'_i = P''_i: sum of P_j over device i's experts. [D] */
  P: number[];
  /** f''_i = D/(M·T)·#(tokens sent to device i). [D] */
  fComm: number[];
  /** token–expert assignments device i received. [D] */
  load: number[];
  /** tokens with at least one chosen expert on device i. [D] */
  sent: number[];
}

export interface RoutingStats {
  /** f_i = N_r/(K·T)·count_i; 1 = its fair share. [N_r] */
  f: number[];
  /** P_i = mean router probability s_i over the tokens. [N_r] */
  P: number[];
  device: DeviceBalance;
  /** L/α of the expert-level, device-level and communication balance losses (1 = balanced). */
  loss: { expert: number; device: number; comm: number };
  /** busiest expert's load over the mean load (= max f_i when every token has K experts); 1 = balanced. */
  maxOverMean: number;
  /** busiest device's assignments over the mean per device; 1 = balanced. */
  deviceMaxOverMean: number;
  /** entropy of the load shares count_i/ΣK, bits: log2 N_r when every expert is used equally. */
  loadEntropy: number;
}

/** One token's routing: the experts it chose and its affinities s over all N_r experts. */
export interface RoutedToken {
  /** chosen routed experts. [≤K] */
  experts: readonly number[];
  /** s: softmax affinities over all routed experts, before group masking. [N_r] */
  probs: readonly number[];
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((acc, x, i) => acc + x * b[i], 0);

/** The device (group) that holds `expert`. */
export const deviceOf = (expert: number, s: RoutingShape) => Math.floor(expert / (s.nRouted / s.nGroup));

/** Sums consecutive blocks of `per` entries. */
export function blockSums(xs: readonly number[], per: number): number[] {
  const out = new Array<number>(xs.length / per).fill(0);
  xs.forEach((x, i) => (out[Math.floor(i / per)] += x));
  return out;
}

/** Shannon entropy in bits of a distribution (entries ≤ 0 contribute 0). */
export function entropyBits(p: readonly number[]): number {
  let h = 0;
  for (const x of p) if (x > 0) h -= x * Math.log2(x);
  return h;
}

/** max / mean of non-negative numbers: 1 when even, 0 when all are 0. */
export function maxOverMean(xs: readonly number[]): number {
  const mean = sum(xs) / xs.length;
  return mean > 0 ? Math.max(...xs) / mean : 0;
}

/** Entropy of xs/Σxs in bits: log2(n) when even, log2(K) when the load sits on K experts. */
export function loadEntropy(xs: readonly number[]): number {
  const total = sum(xs);
  return total > 0 ? entropyBits(xs.map((x) => x / total)) : 0;
}

/** Share of the total taken by the `n` largest entries (0 … 1). */
export function topShare(xs: readonly number[], n: number): number {
  const total = sum(xs);
  if (!(total > 0)) return 0;
  return sum([...xs].sort((a, b) => b - a).slice(0, n)) / total;
}

/** f_i = N_r/(K·T)·count_i (eq. 24): each expert's load, 1 = its fair share. [N_r] */
export function expertLoads(counts: ArrayLike<number>, k: number, tokens: number): number[] {
  return Array.from(counts, (n) => (counts.length / (k * tokens)) * n);
}

/** Counts T tokens' routing. */
export function countRouting(tokens: readonly RoutedToken[], s: RoutingShape): RoutingCounts {
  const counts = new Array<number>(s.nRouted).fill(0); // [N_r]
  const probSums = new Array<number>(s.nRouted).fill(0); // [N_r]
  const sent = new Array<number>(s.nGroup).fill(0); // [D]
  for (const r of tokens) {
    for (const e of r.experts) counts[e] += 1;
    for (let e = 0; e < s.nRouted; e++) probSums[e] += r.probs[e];
    for (const g of new Set(r.experts.map((e) => deviceOf(e, s)))) sent[g] += 1;
  }
  return { tokens: tokens.length, counts, probSums, sent };
}

/** f, P, the device terms, the three losses (L/α, eqs. 23–31) and the load summaries. */
export function routingStats(c: RoutingCounts, s: RoutingShape): RoutingStats {
  const T = c.tokens;
  if (!(T > 0)) throw new Error('routing statistics: no tokens');
  const per = s.nRouted / s.nGroup;
  const f = expertLoads(c.counts, s.k, T); // [N_r]
  const P = c.probSums.map((p) => p / T); // [N_r]
  const load = blockSums(c.counts, per); // [D]
  const device: DeviceBalance = {
    f: blockSums(f, per).map((x) => x / per),
    P: blockSums(P, per),
    fComm: c.sent.map((n) => (s.nGroup / (s.topkGroup * T)) * n),
    load,
    sent: [...c.sent],
  };
  return {
    f,
    P,
    device,
    loss: { expert: dot(f, P), device: dot(device.f, device.P), comm: dot(device.fComm, device.P) },
    maxOverMean: maxOverMean(c.counts),
    deviceMaxOverMean: maxOverMean(load),
    loadEntropy: loadEntropy(c.counts),
  };
}

/**
 * Assignments each device may take when dropping tokens: ⌈capacityFactor·K·T/D⌉ (§2.2.4, with
 * DeepSeek-V2's factor 1.0 = the mean load). The product is first rounded to 1e-9 relative, so
 * float noise cannot add a slot: 1.1·4·50/4 is 55.00000000000001 in float64 and must give 55,
 * not 56; a true fraction such as 23.2 still rounds up to 24.
 */
export function deviceCapacity(capacityFactor: number, k: number, tokens: number, nGroup: number): number {
  const budget = (capacityFactor * k * tokens) / nGroup;
  const nearest = Math.round(budget);
  return Math.abs(budget - nearest) <= 1e-9 * Math.max(1, nearest) ? nearest : Math.ceil(budget);
}

/** Token dropping for training (§2.2.4): groups of experts act as devices with a budget. */
export interface DroppingOptions {
  /** device budget as a multiple of the average load K·T/n_group assignments (1.0 in V2). */
  capacityFactor: number;
  /** per token: true when its sequence is one of the ~10% never dropped. [T] */
  protectedRows: boolean[];
}

/** What token dropping did. */
export interface DropReport {
  /** assignments each device may take: deviceCapacity(capacityFactor, K, T, n_group). */
  capacity: number;
  /** assignments routed to each device, before dropping. [nGroup] */
  load: number[];
  /** dropped (token, expert) pairs, by device then ascending affinity (then token, expert). */
  pairs: Array<[number, number]>;
  /** pairs.length. */
  count: number;
}

/**
 * The drop plan from the router's mask and probs (row-major [T, Nr]): on each device over budget,
 * drop the unprotected assignments with the lowest affinity until it fits (protected assignments
 * still count towards the load). keep is 0 for dropped pairs, else 1. [T·Nr]
 */
export function planDrops(
  mask: ArrayLike<number>,
  probs: ArrayLike<number>,
  t: number,
  nr: number,
  nGroup: number,
  k: number,
  opts: DroppingOptions,
): { keep: Float32Array; report: DropReport } {
  if (opts.protectedRows.length !== t) {
    throw new Error(`token dropping: protectedRows has ${opts.protectedRows.length} entries for ${t} tokens`);
  }
  const perGroup = nr / nGroup;
  const capacity = deviceCapacity(opts.capacityFactor, k, t, nGroup);
  const keep = new Float32Array(t * nr).fill(1); // [T·Nr]
  const load: number[] = [];
  const pairs: Array<[number, number]> = [];
  for (let g = 0; g < nGroup; g++) {
    const droppable: Array<[number, number]> = [];
    let n = 0;
    for (let i = 0; i < t; i++) {
      for (let e = g * perGroup; e < (g + 1) * perGroup; e++) {
        if (mask[i * nr + e] <= 0) continue;
        n++;
        if (!opts.protectedRows[i]) droppable.push([i, e]);
      }
    }
    load.push(n);
    droppable.sort((a, b) => probs[a[0] * nr + a[1]] - probs[b[0] * nr + b[1]] || a[0] - b[0] || a[1] - b[1]);
    for (const [i, e] of droppable.slice(0, Math.max(0, n - capacity))) {
      keep[i * nr + e] = 0;
      pairs.push([i, e]);
    }
  }
  return { keep, report: { capacity, load, pairs, count: pairs.length } };
}
