/**
 * Load-balance statistics of one MoE layer over the tokens seen so far (DeepSeek-V2 eqs. (23)–(31), docs/model.md#token-dropping),
 * computed on the host from the recorded routing. Every loss is reported as L/α, so perfectly
 * uniform routing gives 1. Pure functions of plain data: no tfjs, no DOM.
 *
 * Notation: T tokens, N_r routed experts, K experts per token, D = n_group devices (contiguous
 * blocks of N_r/D experts), M = topk_group devices a token may reach.
 */
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord, TokenRouting } from '../../session/records';

/** Per-device terms (eq. 26–31). */
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

export interface LayerBalance {
  layer: number;
  /** T: tokens in the window. */
  tokens: number;
  nRouted: number;
  k: number;
  nGroup: number;
  topkGroup: number;
  /** tokens that chose each expert. [N_r] */
  counts: number[];
  /** f_i = N_r/(K·T)·count_i; 1 = its fair share. [N_r] */
  f: number[];
  /** P_i = mean router probability s_i over the tokens. [N_r] */
  P: number[];
  device: DeviceBalance;
  /** L/α of the expert-level, device-level and communication balance losses. */
  loss: { expert: number; device: number; comm: number };
  /** busiest expert's load over the mean load (= max f_i); 1 = balanced. */
  maxOverMean: number;
  /** busiest device's assignments over the mean per device; 1 = balanced. */
  deviceMaxOverMean: number;
  /** mean over tokens of the router's entropy H(s_t), bits: how undecided the router is. */
  routerEntropy: number;
  /** entropy of the load shares count_i/(K·T), bits: log2 N_r when every expert is used equally. */
  loadEntropy: number;
  /** log2 N_r, the largest possible entropy, bits. */
  maxEntropy: number;
}

/** One token–expert assignment a device over capacity would drop. */
export interface DroppedPair {
  /** the token's position in the sequence. */
  position: number;
  /** the token's display text. */
  text: string;
  expert: number;
  device: number;
  /** s: the router probability of this expert for this token. */
  affinity: number;
}

export interface CapacityDrops {
  capacityFactor: number;
  /** the mean load per device, K·T/D assignments. */
  fairLoad: number;
  /** assignments each device may take: ⌈capacityFactor·K·T/D⌉, as the model's planDrops. */
  capacity: number;
  /** assignments routed to each device before dropping. [D] */
  load: number[];
  /** dropped pairs per device. [D] */
  perDevice: number[];
  /** dropped pairs per expert. [N_r] */
  perExpert: number[];
  /** dropped pairs, by device, then ascending affinity (then position, expert). */
  pairs: DroppedPair[];
  count: number;
  /** count / (K·T): the share of all assignments dropped. */
  share: number;
}

/** N_r, K, D, M of an MoE config. */
function sizes(config: DeepseekV2Config) {
  const nRouted = config.n_routed_experts;
  if (nRouted === null) throw new Error('balance: the config has no routed experts');
  return { nRouted, k: config.num_experts_per_tok, nGroup: config.n_group, topkGroup: config.topk_group };
}

/** The routing of `layer` for each record; throws for a dense layer or an empty window. */
export function routingOf(records: TokenRecord[], layer: number): TokenRouting[] {
  if (records.length === 0) throw new Error('balance: no tokens');
  return records.map((r) => {
    const routing = r.layers.find((l) => l.layer === layer)?.routing;
    if (!routing) throw new Error(`balance: layer ${layer} has no routing at token ${r.index} (dense layer?)`);
    return routing;
  });
}

/** True when every record has routing for `layer`. */
export function hasRouting(records: TokenRecord[], layer: number): boolean {
  return records.length > 0 && records.every((r) => r.layers.find((l) => l.layer === layer)?.routing);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const dot = (a: number[], b: number[]) => a.reduce((acc, x, i) => acc + x * b[i], 0);

/** Shannon entropy in bits of a distribution (entries ≤ 0 contribute 0). */
export function entropyBits(p: number[]): number {
  let h = 0;
  for (const x of p) if (x > 0) h -= x * Math.log2(x);
  return h;
}

/** Sums consecutive blocks of `per` entries. */
function blockSums(xs: number[], per: number): number[] {
  const out = new Array<number>(xs.length / per).fill(0);
  xs.forEach((x, i) => (out[Math.floor(i / per)] += x));
  return out;
}

/**
 * The balance statistics of `layer` over `records` (the window, e.g. tokens 0..selected).
 * P uses the full softmax over all N_r experts, before group masking; counts come from the
 * experts actually chosen (docs/model.md#balance-in-training).
 */
export function layerBalance(records: TokenRecord[], layer: number, config: DeepseekV2Config): LayerBalance {
  const { nRouted, k, nGroup, topkGroup } = sizes(config);
  const routing = routingOf(records, layer);
  const T = routing.length;
  const per = nRouted / nGroup;

  const counts = new Array<number>(nRouted).fill(0); // [N_r]
  const P = new Array<number>(nRouted).fill(0); // [N_r]
  const sent = new Array<number>(nGroup).fill(0); // [D]
  let routerEntropy = 0;
  for (const r of routing) {
    for (const e of r.experts) counts[e] += 1;
    for (let e = 0; e < nRouted; e++) P[e] += r.probs[e] / T;
    for (const g of new Set(r.experts.map((e) => Math.floor(e / per)))) sent[g] += 1;
    routerEntropy += entropyBits(r.probs) / T;
  }
  const f = counts.map((c) => (nRouted / (k * T)) * c); // [N_r]
  const load = blockSums(counts, per); // [D]
  const device: DeviceBalance = {
    f: blockSums(f, per).map((x) => x / per),
    P: blockSums(P, per),
    fComm: sent.map((s) => (nGroup / (topkGroup * T)) * s),
    load,
    sent,
  };
  const assignments = sum(counts);
  return {
    layer,
    tokens: T,
    nRouted,
    k,
    nGroup,
    topkGroup,
    counts,
    f,
    P,
    device,
    loss: { expert: dot(f, P), device: dot(device.f, device.P), comm: dot(device.fComm, device.P) },
    maxOverMean: Math.max(...counts) / (assignments / nRouted),
    deviceMaxOverMean: Math.max(...load) / (assignments / nGroup),
    routerEntropy,
    loadEntropy: entropyBits(counts.map((c) => c / assignments)),
    maxEntropy: Math.log2(nRouted),
  };
}

/**
 * Token dropping (docs/model.md#token-dropping) replayed on the window: each device may take
 * ⌈capacityFactor·K·T/D⌉ assignments; on a device over budget the assignments with the lowest
 * affinity s go first. No sequence is protected here: this is one sequence, not a batch.
 */
export function capacityDrops(
  records: TokenRecord[],
  layer: number,
  config: DeepseekV2Config,
  capacityFactor: number,
): CapacityDrops {
  const { nRouted, k, nGroup } = sizes(config);
  const routing = routingOf(records, layer);
  const T = routing.length;
  const per = nRouted / nGroup;
  const fairLoad = (k * T) / nGroup;
  // Round away float noise first (1.15·20 must be 23, not 23.000000000000004 → 24).
  const capacity = Math.ceil(Math.round(capacityFactor * fairLoad * 1e9) / 1e9);

  const byDevice: DroppedPair[][] = Array.from({ length: nGroup }, () => []);
  routing.forEach((r, t) => {
    for (const expert of r.experts) {
      const device = Math.floor(expert / per);
      const { index: position, text } = records[t];
      byDevice[device].push({ position, text, expert, device, affinity: r.probs[expert] });
    }
  });
  const load = byDevice.map((d) => d.length);
  const pairs = byDevice.flatMap((d) =>
    [...d]
      .sort((a, b) => a.affinity - b.affinity || a.position - b.position || a.expert - b.expert)
      .slice(0, Math.max(0, d.length - capacity)),
  );
  const perDevice = new Array<number>(nGroup).fill(0);
  const perExpert = new Array<number>(nRouted).fill(0);
  for (const p of pairs) {
    perDevice[p.device]++;
    perExpert[p.expert]++;
  }
  return {
    capacityFactor,
    fairLoad,
    capacity,
    load,
    perDevice,
    perExpert,
    pairs,
    count: pairs.length,
    share: pairs.length / (k * T),
  };
}
