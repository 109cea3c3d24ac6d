/**
 * DeepSeek-V2's load-balancing auxiliary losses (arXiv 2405.04434, eqs. 23–31), from one MoE
 * layer's router outputs over a batch of B sequences × T tokens flattened to B·T rows, as tensors
 * so the gradient reaches the router. The same formulas on host numbers, which the views and the
 * balance lab use, are src/model/routingStats.ts; tests/unit/train/balanceLosses.test.ts holds the
 * two equal.
 *
 * Values are returned un-multiplied (L/α): 1 means balanced under uniform routing. Counts come
 * from the router's constant 0/1 mask (no gradient); P comes from the softmax probs, so the
 * gradient reaches the router weight. With seqAux each quantity is computed per sequence and the
 * losses are averaged over B (as the released code's seq_aux does); otherwise over all B·T rows.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config } from '../model/config';

/** How the rows of probs/mask are laid out, and the routing actually used. */
export interface BalanceLayout {
  /** sequences in the batch. */
  B: number;
  /** tokens per sequence. */
  T: number;
  /** per-sequence losses averaged over B (config seq_aux), or one pass over all B·T rows. */
  seqAux: boolean;
  /** K used by the router (RouterOutput.k); default num_experts_per_tok. */
  topK?: number;
  /** M used by the router (RouterOutput.topkGroup); default topk_group. */
  topkGroup?: number;
}

/** The three balance losses, un-multiplied (L/α). Scalars. */
export type BalanceLosses = {
  expert: tf.Scalar;
  device: tf.Scalar;
  comm: tf.Scalar;
};

type Terms = {
  f: tf.Tensor2D; // [S, Nr]
  P: tf.Tensor2D; // [S, Nr]
  fDevice: tf.Tensor2D; // [S, D]
  PDevice: tf.Tensor2D; // [S, D]
  fComm: tf.Tensor2D; // [S, D]
};

/** Per-segment terms: S = B segments of T rows (seqAux) or 1 segment of B·T rows. */
function terms(probs: tf.Tensor2D, mask: tf.Tensor2D, c: DeepseekV2Config, l: BalanceLayout): Terms {
  const [rowCount, nr] = probs.shape;
  if (rowCount !== l.B * l.T) throw new Error(`balance: ${rowCount} rows for B·T = ${l.B}·${l.T}`);
  if (mask.shape[0] !== rowCount || mask.shape[1] !== nr) throw new Error('balance: probs and mask shapes differ');
  const [s, n] = l.seqAux ? [l.B, l.T] : [1, l.B * l.T];
  const d = c.n_group;
  const k = l.topK ?? c.num_experts_per_tok;
  const m = l.topkGroup ?? c.topk_group;
  return tf.tidy(() => {
    const mask3 = tf.reshape(mask, [s, n, nr]); // [S, n, Nr]
    const f = tf.mul(tf.sum(mask3, 1), nr / (k * n)) as tf.Tensor2D; // [S, Nr]
    const P = tf.mean(tf.reshape(probs, [s, n, nr]), 1) as tf.Tensor2D; // [S, Nr]
    const fDevice = tf.mean(tf.reshape(f, [s, d, nr / d]), 2) as tf.Tensor2D; // [S, D]
    const PDevice = tf.sum(tf.reshape(P, [s, d, nr / d]), 2) as tf.Tensor2D; // [S, D]
    const sent = tf.max(tf.reshape(mask3, [s, n, d, nr / d]), 3); // [S, n, D]  1 if any expert on device
    const fComm = tf.mul(tf.sum(sent, 1), d / (m * n)) as tf.Tensor2D; // [S, D]
    return { f, P, fDevice, PDevice, fComm };
  });
}

/** mean over segments of Σ_i a_i·b_i. */
function meanDot(a: tf.Tensor2D, b: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sum(tf.mul(a, b), 1))); // []
}

/** All three losses from one pass (shares f and P). */
export function balanceLosses(
  probs: tf.Tensor2D,
  mask: tf.Tensor2D,
  c: DeepseekV2Config,
  l: BalanceLayout,
): BalanceLosses {
  return tf.tidy(() => {
    const t = terms(probs, mask, c, l);
    return {
      expert: meanDot(t.f, t.P),
      device: meanDot(t.fDevice, t.PDevice),
      comm: meanDot(t.fComm, t.PDevice),
    };
  });
}

/** L_ExpBal/α1 = Σ_i f_i·P_i (eqs. 23–25). probs, mask [B·T, Nr]. */
export function expertBalance(probs: tf.Tensor2D, mask: tf.Tensor2D, c: DeepseekV2Config, l: BalanceLayout): tf.Scalar {
  return tf.tidy(() => {
    const t = terms(probs, mask, c, l);
    return meanDot(t.f, t.P);
  });
}

/** L_DevBal/α2 = Σ_i f'_i·P'_i over the n_group devices (eqs. 26–28). */
export function deviceBalance(probs: tf.Tensor2D, mask: tf.Tensor2D, c: DeepseekV2Config, l: BalanceLayout): tf.Scalar {
  return tf.tidy(() => {
    const t = terms(probs, mask, c, l);
    return meanDot(t.fDevice, t.PDevice);
  });
}

/** L_CommBal/α3 = Σ_i f''_i·P''_i (eqs. 29–31). */
export function commBalance(probs: tf.Tensor2D, mask: tf.Tensor2D, c: DeepseekV2Config, l: BalanceLayout): tf.Scalar {
  return tf.tidy(() => {
    const t = terms(probs, mask, c, l);
    return meanDot(t.fComm, t.PDevice);
  });
}

/** α1·expert + α2·device + α3·comm, with aux_loss_alpha, device_balance_alpha, comm_balance_alpha. */
export function totalAux(c: DeepseekV2Config, l: BalanceLosses): tf.Scalar {
  const [a1, a2, a3] = [c.aux_loss_alpha, c.device_balance_alpha, c.comm_balance_alpha];
  return tf.tidy(() => tf.addN([tf.mul(l.expert, a1), tf.mul(l.device, a2), tf.mul(l.comm, a3)]) as tf.Scalar); // []
}
