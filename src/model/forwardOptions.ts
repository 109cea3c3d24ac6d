/**
 * The options of a forward pass, prefill or decode step, and a step's result (model.ts), in a
 * module of their own so the fused WebGPU decode (fused/fusedDecode.ts), which model.ts calls,
 * can name them without importing model.ts back.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AttentionPath } from './mla';
import type { PendingTrace } from './trace';

/** What-if changes to routing, for the views. */
export interface Interventions {
  /** K override: routed experts per token. */
  topK?: number;
  /** M override: groups per token (group-limited routing). */
  topkGroup?: number;
  /** per layer index, experts that may not be chosen. */
  disabledExperts?: Record<number, number[]>;
  /** skip every MoE layer's shared experts. */
  disableShared?: boolean;
}

/** Training-only behaviour. */
export interface TrainingOptions {
  /** token dropping (docs/model.md#token-dropping): device budget and the sequences that are never dropped. */
  dropping?: { capacityFactor: number; protectedSequences: boolean[] };
}

export interface ForwardOptions {
  /** keep the internals and return a PendingTrace (read it with readTrace). */
  record?: boolean;
  /** attention path (forward default 'naive'; prefill and decodeStep default 'absorbed'). */
  attention?: AttentionPath;
  /** also run the other attention path and record the max difference per layer (needs record). */
  compareAttention?: boolean;
  training?: TrainingOptions;
  interventions?: Interventions;
  /** decodeStep on webgpu: false forces the op-by-op path over the fused kernels (default true; bench, tests). */
  fused?: boolean;
}

export interface StepResult<L extends tf.Tensor> {
  logits: L;
  trace: PendingTrace | null;
}
