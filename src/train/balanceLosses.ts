/**
 * DeepSeek-V2's load-balancing auxiliary losses (DeepSeek-V2 eqs. (23)–(31); docs/model.md#balance-in-training), from one MoE layer's router
 * outputs over a batch of B sequences × T tokens flattened to B·T rows.
 *
 * Values are returned un-multiplied (L/α): 1 means balanced under uniform routing. Counts come
 * from the router's constant 0/1 mask (no gradient); P comes from the softmax probs, so the
 * gradient reaches the router weight. With seqAux each quantity is computed per sequence and the
 * losses are averaged over B ([C]); otherwise over all B·T rows at once.
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

/** Host-side numbers for the Load-balance view; per-sequence terms are averaged over B. */
export interface BalanceStats {
  /** f_i = Nr/(K·T)·count_i. [Nr] */
  f: number[];
  /** P_i = mean_t s_i. [Nr] */
  P: number[];
  /** f'_i: mean of f over device i's experts. [nGroup] */
  fDevice: number[];
  /** P'_i = P''_i: sum of P over device i's experts. [nGroup] */
  PDevice: number[];
  /** f''_i = D/(M·T)·#tokens sent to device i. [nGroup] */
  fComm: number[];
  /** the three losses, un-multiplied. */
  expert: number;
  device: number;
  comm: number;
}

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

/** L_ExpBal/α1 = Σ_i f_i·P_i (DeepSeek-V2 eqs. (23)–(25)). probs, mask [B·T, Nr]. */
export function expertBalance(probs: tf.Tensor2D, mask: tf.Tensor2D, c: DeepseekV2Config, l: BalanceLayout): tf.Scalar {
  return tf.tidy(() => {
    const t = terms(probs, mask, c, l);
    return meanDot(t.f, t.P);
  });
}

/** L_DevBal/α2 = Σ_i f'_i·P'_i over the n_group devices (DeepSeek-V2 eqs. (26)–(28)). */
export function deviceBalance(probs: tf.Tensor2D, mask: tf.Tensor2D, c: DeepseekV2Config, l: BalanceLayout): tf.Scalar {
  return tf.tidy(() => {
    const t = terms(probs, mask, c, l);
    return meanDot(t.fDevice, t.PDevice);
  });
}

/** L_CommBal/α3 = Σ_i f''_i·P''_i (DeepSeek-V2 eqs. (29)–(31)). */
export function commBalance(probs: tf.Tensor2D, mask: tf.Tensor2D, c: DeepseekV2Config, l: BalanceLayout): tf.Scalar {
  return tf.tidy(() => {
    const t = terms(probs, mask, c, l);
    return meanDot(t.fComm, t.PDevice);
  });
}

/** f, P, f', P', f'' and the three losses as host arrays (awaits the downloads). */
export async function balanceStats(
  probs: tf.Tensor2D,
  mask: tf.Tensor2D,
  c: DeepseekV2Config,
  l: BalanceLayout,
): Promise<BalanceStats> {
  const out = tf.tidy(() => {
    const t = terms(probs, mask, c, l);
    return [
      tf.mean(t.f, 0), // [Nr]
      tf.mean(t.P, 0), // [Nr]
      tf.mean(t.fDevice, 0), // [D]
      tf.mean(t.PDevice, 0), // [D]
      tf.mean(t.fComm, 0), // [D]
      tf.stack([meanDot(t.f, t.P), meanDot(t.fDevice, t.PDevice), meanDot(t.fComm, t.PDevice)]), // [3]
    ];
  });
  try {
    const [f, P, fDevice, PDevice, fComm, losses] = (await Promise.all(out.map((x) => x.data()))).map((a) =>
      Array.from(a as Float32Array),
    );
    return { f, P, fDevice, PDevice, fComm, expert: losses[0], device: losses[1], comm: losses[2] };
  } finally {
    tf.dispose(out);
  }
}

/** α1·expert + α2·device + α3·comm, with aux_loss_alpha, device_balance_alpha, comm_balance_alpha. */
export function totalAux(c: DeepseekV2Config, l: BalanceLosses): tf.Scalar;
export function totalAux(c: DeepseekV2Config, l: { expert: number; device: number; comm: number }): number;
export function totalAux(
  c: DeepseekV2Config,
  l: BalanceLosses | { expert: number; device: number; comm: number },
): tf.Scalar | number {
  const [a1, a2, a3] = [c.aux_loss_alpha, c.device_balance_alpha, c.comm_balance_alpha];
  if (typeof l.expert === 'number') {
    const h = l as { expert: number; device: number; comm: number };
    return a1 * h.expert + a2 * h.device + a3 * h.comm;
  }
  const t = l as BalanceLosses;
  return tf.tidy(() => tf.addN([tf.mul(t.expert, a1), tf.mul(t.device, a2), tf.mul(t.comm, a3)]) as tf.Scalar); // []
}
