/** What one lab training step reports: plain data, safe for the worker protocol and the UI. */
import type { LayerRoutingStats } from './routingReadback';

/** One MoE layer in one step. */
export interface LabLayerEvent extends LayerRoutingStats {
  /** decoder layer index. */
  layer: number;
  /** L_ExpBal/α1, L_DevBal/α2, L_CommBal/α3 as the step computed them (1 = balanced). */
  expert: number;
  device: number;
  comm: number;
  /** max f / mean f: 1 = perfectly balanced. */
  maxLoad: number;
  /** entropy of the load distribution, bits (log2 N_r when balanced). */
  entropy: number;
  /** share of the assignments taken by the two busiest experts. */
  top2Share: number;
  /** token–expert pairs removed by token dropping in this layer. */
  dropped: number;
  /** V3 mode: each expert's selection bias after this step's update (src/train/lab/biasBalancing.ts). [Nr] */
  bias?: number[];
}

export interface LabStepEvent {
  /** updates applied so far, this one included. */
  step: number;
  /** LM + weighted balance losses: what was differentiated. */
  loss: number;
  /** next-token cross-entropy, nats per token. */
  lmLoss: number;
  /** Σ over layers of α1·L1/α1 + α2·L2/α2 + α3·L3/α3. */
  auxTotal: number;
  /** each balance loss L/α, averaged over the MoE layers. */
  balance: { expert: number; device: number; comm: number };
  layers: LabLayerEvent[];
  /** the largest max/mean load of any layer. */
  maxLoad: number;
  /** the load entropy averaged over layers, bits. */
  entropy: number;
  /** dropped token–expert pairs ÷ all assignments (K·B·T per layer). */
  dropShare: number;
  /** the most groups any token reached in any layer (never above topk_group). */
  groupsMax: number;
  /** learning rate of this update. */
  lr: number;
  /** global gradient norm before clipping. */
  gradNorm: number;
  /** tokens trained on (B·T). */
  tokens: number;
  /** wall time of the whole step, readbacks included, ms. */
  ms: number;
  /** training throughput of this step. */
  tokensPerSec: number;
}
