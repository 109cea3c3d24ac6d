/**
 * Load-balance statistics of one MoE layer over the tokens seen so far (DeepSeek-V2 eqs. 23–31,
 * §2.2.4), read from the recorded routing and computed by the shared src/model/routingStats.ts,
 * the same functions training and the balance lab use. Every loss is reported as L/α, so
 * perfectly uniform routing gives 1. Pure functions of plain data: no tfjs, no DOM.
 *
 * Notation: T tokens, N_r routed experts, K experts per token, D = n_group devices (contiguous
 * blocks of N_r/D experts), M = topk_group devices a token may reach.
 */
import type { DeepseekV2Config } from '../../model/config';
import {
  countRouting,
  deviceOf,
  entropyBits,
  planDrops,
  routingStats,
  type RoutingShape,
  type RoutingStats,
} from '../../model/routingStats';
import type { TokenRecord, TokenRouting } from '../../session/records';

export interface LayerBalance extends RoutingStats, RoutingShape {
  layer: number;
  /** T: tokens in the window. */
  tokens: number;
  /** tokens that chose each expert. [N_r] */
  counts: number[];
  /** mean over tokens of the router's entropy H(s_t), bits: how undecided the router is. */
  routerEntropy: number;
  /** log2 N_r, the largest possible entropy, bits. */
  maxEntropy: number;
}

/** The capacity-factor slider of the view (CapacityPanel); the tests sweep every value. */
export const CAPACITY_FACTOR_RANGE = { min: 0.5, max: 2, step: 0.05 } as const;

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
  /** assignments each device may take: deviceCapacity(capacityFactor, K, T, D), as training's planDrops. */
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
function shapeOf(config: DeepseekV2Config): RoutingShape {
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

/**
 * The balance statistics of `layer` over `records` (the window, e.g. tokens 0..selected), from
 * the shared routingStats. P uses the full softmax over all N_r experts, before group masking;
 * counts come from the experts actually chosen.
 */
export function layerBalance(records: TokenRecord[], layer: number, config: DeepseekV2Config): LayerBalance {
  const shape = shapeOf(config);
  const routing = routingOf(records, layer);
  const counts = countRouting(routing, shape);
  return {
    layer,
    ...shape,
    ...routingStats(counts, shape),
    tokens: counts.tokens,
    counts: counts.counts,
    routerEntropy: routing.reduce((h, r) => h + entropyBits(r.probs), 0) / routing.length,
    maxEntropy: Math.log2(shape.nRouted),
  };
}

/**
 * Token dropping (DeepSeek-V2 §2.2.4) replayed on the window with training's own planDrops:
 * each device may take deviceCapacity(capacityFactor, K, T, D) assignments; on a device over
 * budget the assignments with the lowest affinity s go first. No sequence is protected here: this
 * is one sequence, not a batch.
 */
export function capacityDrops(
  records: TokenRecord[],
  layer: number,
  config: DeepseekV2Config,
  capacityFactor: number,
): CapacityDrops {
  const shape = shapeOf(config);
  const { nRouted: nr, k, nGroup } = shape;
  const routing = routingOf(records, layer);
  const T = routing.length;
  const mask = new Float32Array(T * nr); // [T·N_r]
  const probs = new Float64Array(T * nr); // [T·N_r]
  routing.forEach((r, t) => {
    for (const e of r.experts) mask[t * nr + e] = 1;
    r.probs.forEach((p, e) => (probs[t * nr + e] = p));
  });
  const { report } = planDrops(mask, probs, T, nr, nGroup, k, {
    capacityFactor,
    protectedRows: new Array<boolean>(T).fill(false),
  });
  const pairs = report.pairs.map(([t, expert]): DroppedPair => {
    const { index: position, text } = records[t];
    return { position, text, expert, device: deviceOf(expert, shape), affinity: routing[t].probs[expert] };
  });
  const perDevice = new Array<number>(nGroup).fill(0);
  const perExpert = new Array<number>(nr).fill(0);
  for (const p of pairs) {
    perDevice[p.device]++;
    perExpert[p.expert]++;
  }
  return {
    capacityFactor,
    fairLoad: (k * T) / nGroup,
    capacity: report.capacity,
    load: report.load,
    perDevice,
    perExpert,
    pairs,
    count: pairs.length,
    share: pairs.length / (k * T),
  };
}
