/**
 * AdamW (Loshchilov & Hutter) as PyTorch's torch.optim.AdamW computes it, with DeepSeek-V2's
 * β1 = 0.9, β2 = 0.95 (docs/model.md#training-recipe), and global-norm gradient clipping.
 *
 * Weight decay is decoupled (p ← p·(1 − lr·wd) before the Adam step) and applies to every matrix:
 * the projections, the experts, the router and both embeddings (as nanoGPT does). The RMSNorm
 * gains (every 1-D parameter) are not decayed: pulling a gain towards 0 shrinks the layer.
 *
 * The step is split in two so a bad update never reaches the weights: `propose` computes the new
 * parameters and moments as fresh tensors, the caller checks them (one readback for the whole
 * step), then `commit` assigns them or `discard` drops them.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  eps: number;
  /** decoupled weight-decay coefficient (0.1 in V2). */
  weightDecay: number;
}

export const DEEPSEEK_ADAMW: AdamWOptions = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };

/** The optimizer state on the host, for checkpoints: moments by parameter name. */
export interface AdamWState {
  /** updates applied so far (t in the bias corrections). */
  step: number;
  /** first moments, same shapes and names as the parameters. */
  m: Map<string, Float32Array>;
  /** second moments. */
  v: Map<string, Float32Array>;
}

/** New values for every parameter and moment, not yet assigned. */
export interface AdamWProposal {
  params: tf.Tensor[];
  m: tf.Tensor[];
  v: tf.Tensor[];
}

/** A parameter decays unless it is a vector (an RMSNorm gain). */
export function decays(p: tf.Tensor): boolean {
  return p.rank >= 2;
}

/**
 * Σ of scalars by pairwise tf.add, never tf.addN: WebGPU's AddN binds one storage buffer per input,
 * and a model's ~50 parameters exceed the 8 a shader stage may have, which voids the command
 * buffer silently (the sum reads 0).
 */
export function sumScalars(xs: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => xs.reduce((a, x) => tf.add(a, x), tf.scalar(0)) as tf.Scalar); // []
}

/** √(Σ‖g‖²) over all gradients, as a scalar tensor. */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(sumScalars(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar); // []
}

/** PyTorch's clip_grad_norm_ factor min(1, maxNorm/(norm + 1e-6)), as a scalar tensor. */
export function clipScale(norm: tf.Scalar, maxNorm: number): tf.Scalar {
  return tf.tidy(() => tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6))) as tf.Scalar); // []
}

export class AdamW {
  /** updates applied so far. */
  step = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  /** `params`: named trainable variables, in a fixed order (the gradients come in the same order). */
  constructor(
    readonly params: ReadonlyArray<readonly [string, tf.Variable]>,
    readonly opts: AdamWOptions = DEEPSEEK_ADAMW,
  ) {
    // tidy frees the zeros each variable is copied from
    this.m = params.map(([, p]) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    this.v = params.map(([, p]) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  }

  /**
   * New parameters for gradients `grads` (same order as params), each first multiplied by
   * `gradScale` (the clipping factor, a scalar tensor or number), at learning rate `lr`.
   */
  propose(grads: tf.Tensor[], lr: number, gradScale: tf.Scalar | number = 1): AdamWProposal {
    if (grads.length !== this.params.length) {
      throw new Error(`AdamW: ${grads.length} gradients for ${this.params.length} parameters`);
    }
    const { beta1, beta2, eps, weightDecay } = this.opts;
    const t = this.step + 1;
    const stepSize = lr / (1 - beta1 ** t); // lr / bias correction 1
    const sqrtBc2 = Math.sqrt(1 - beta2 ** t);
    return tf.tidy(() => {
      const out: AdamWProposal = { params: [], m: [], v: [] };
      this.params.forEach(([, p], i) => {
        const g = tf.mul(grads[i], gradScale);
        const m = tf.add(tf.mul(this.m[i], beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[i], beta2), tf.mul(tf.square(g), 1 - beta2));
        const denom = tf.add(tf.div(tf.sqrt(v), sqrtBc2), eps);
        const decayed = decays(p) && weightDecay !== 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
        out.params.push(tf.sub(decayed, tf.mul(tf.div(m, denom), stepSize)));
        out.m.push(m);
        out.v.push(v);
      });
      return out as unknown as tf.TensorContainer;
    }) as unknown as AdamWProposal;
  }

  /** Assigns a proposal to the parameters and moments, counts the step, and disposes it. */
  commit(p: AdamWProposal): void {
    this.params.forEach(([, param], i) => {
      param.assign(p.params[i]);
      this.m[i].assign(p.m[i]);
      this.v[i].assign(p.v[i]);
    });
    this.step++;
    this.discard(p);
  }

  /** Drops a proposal without touching any state. */
  discard(p: AdamWProposal): void {
    tf.dispose([...p.params, ...p.m, ...p.v]);
  }

  /** One complete update (propose + commit), for callers that need no check. */
  update(grads: tf.Tensor[], lr: number, gradScale: tf.Scalar | number = 1): void {
    this.commit(this.propose(grads, lr, gradScale));
  }

  /** The moments and step count, downloaded to the host. */
  async exportState(): Promise<AdamWState> {
    const [m, v] = await Promise.all(
      [this.m, this.v].map(async (vars) => {
        const data = await Promise.all(vars.map((x) => x.data() as Promise<Float32Array>));
        return new Map(this.params.map(([name], i) => [name, Float32Array.from(data[i])]));
      }),
    );
    return { step: this.step, m, v };
  }

  /** Restores moments and step from `s`; every parameter must be present with its size. */
  importState(s: AdamWState): void {
    const take = (kind: 'm' | 'v', name: string, size: number) => {
      const data = s[kind].get(name);
      if (!data) throw new Error(`optimizer state has no ${kind} for ${name}`);
      if (data.length !== size)
        throw new Error(`optimizer ${kind} for ${name} has ${data.length} values, expected ${size}`);
      return data;
    };
    if (!Number.isInteger(s.step) || s.step < 0) throw new Error(`optimizer step must be a count, got ${s.step}`);
    const data = this.params.map(([name, p]) => [take('m', name, p.size), take('v', name, p.size)]); // all checked first
    this.params.forEach(([, p], i) => {
      tf.tidy(() => {
        this.m[i].assign(tf.tensor(data[i][0], p.shape, 'float32'));
        this.v[i].assign(tf.tensor(data[i][1], p.shape, 'float32'));
      });
    });
    this.step = s.step;
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
