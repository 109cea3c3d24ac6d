/**
 * The model's weights as tensors: camelCase names after the Hugging Face modules, linear weights
 * in [in, out] layout (so every product is a plain 2-D matMul, see linear.ts), and each MoE
 * layer's routed experts stacked side by side (expert e owns hidden units [e·ffe, (e+1)·ffe)).
 * fromHostWeights / toHostWeights convert from / to Hugging Face names and [out, in] layout,
 * exactly (float32 copies, no arithmetic).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionParams } from './attention';
import { isMoeLayer, usesMha, usesRouterBias, type DeepseekV2Config } from './config';
import type { MlpParams } from './mlp';
import type { MoeParams } from './moe';
import { validateWeights, type HostTensor, type HostWeights } from './weights';

export interface DecoderLayerParams {
  /** [d] RMSNorm gain before attention. */
  inputLayernorm: tf.Tensor1D;
  /** MLA, or the MHA baseline when the config says `attention_type: "mha"`. */
  selfAttn: AttentionParams;
  /** [d] RMSNorm gain before the FFN. */
  postAttentionLayernorm: tf.Tensor1D;
  /** a dense SwiGLU MLP, or DeepSeekMoE on MoE layers (isMoeLayer). */
  mlp: MlpParams | MoeParams;
}

export interface ModelParams {
  /** [V, d] token embedding (a lookup table, same layout as Hugging Face). */
  embedTokens: tf.Tensor2D;
  layers: DecoderLayerParams[];
  /** [d] final RMSNorm gain. */
  norm: tf.Tensor1D;
  /** [d, V] lm_head; null when tie_word_embeddings (the head is embedTokensᵀ). */
  lmHead: tf.Tensor2D | null;
}

/** True for an MoE layer's FFN parameters. */
export function isMoeParams(p: MlpParams | MoeParams): p is MoeParams {
  return 'experts' in p;
}

export interface FromHostOptions {
  /** make every parameter a trainable tf.Variable (default: plain tensors). */
  trainable?: boolean;
}

/** [rows, cols] row-major → [cols, rows]. */
function transposed(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) out[k * rows + r] = data[r * cols + k];
  return out;
}

/** Builds ModelParams from Hugging Face weights (validated against the config first). */
export function fromHostWeights(c: DeepseekV2Config, w: HostWeights, opts: FromHostOptions = {}): ModelParams {
  validateWeights(c, w);
  const make = <T extends tf.Tensor>(data: Float32Array, shape: number[]): T => {
    const t = tf.tensor(data, shape, 'float32');
    if (!opts.trainable) return t as T;
    const v = tf.variable(t, true);
    t.dispose();
    return v as unknown as T;
  };
  const get = (name: string): HostTensor => w.get(name) as HostTensor;
  const vec = (name: string) => make<tf.Tensor1D>(Float32Array.from(get(name).data), get(name).shape);
  /** An [out, in] Linear weight as [in, out]. */
  const lin = (name: string) => {
    const [o, i] = get(name).shape;
    return make<tf.Tensor2D>(transposed(get(name).data, o, i), [i, o]);
  };
  const dense = (p: string): MlpParams => ({
    gateProj: lin(`${p}.gate_proj.weight`), // [d, ff]
    upProj: lin(`${p}.up_proj.weight`), // [d, ff]
    downProj: lin(`${p}.down_proj.weight`), // [ff, d]
  });
  const d = c.hidden_size;
  const layers: DecoderLayerParams[] = [];
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `model.layers.${l}`;
    const a = `${p}.self_attn`;
    const lora = c.q_lora_rank !== null;
    const selfAttn: AttentionParams = usesMha(c)
      ? {
          kind: 'mha',
          qProj: lin(`${a}.q_proj.weight`), // [d, n_h·d_h]
          kProj: lin(`${a}.k_proj.weight`), // [d, n_h·d_h]
          vProj: lin(`${a}.v_proj.weight`), // [d, n_h·d_v]
          oProj: lin(`${a}.o_proj.weight`), // [n_h·d_v, d]
        }
      : {
          kind: 'mla',
          qAProj: lora ? lin(`${a}.q_a_proj.weight`) : null, // [d, d_c']
          qALayernorm: lora ? vec(`${a}.q_a_layernorm.weight`) : null, // [d_c']
          qBProj: lora ? lin(`${a}.q_b_proj.weight`) : null, // [d_c', n_h·(d_h + d_h^R)]
          qProj: lora ? null : lin(`${a}.q_proj.weight`), // [d, n_h·(d_h + d_h^R)]
          kvAProjWithMqa: lin(`${a}.kv_a_proj_with_mqa.weight`), // [d, d_c + d_h^R]
          kvALayernorm: vec(`${a}.kv_a_layernorm.weight`), // [d_c]
          kvBProj: lin(`${a}.kv_b_proj.weight`), // [d_c, n_h·(d_h + d_v)]
          oProj: lin(`${a}.o_proj.weight`), // [n_h·d_v, d]
        };
    let mlp: MlpParams | MoeParams;
    if (isMoeLayer(c, l)) {
      const nr = c.n_routed_experts as number;
      const ffe = c.moe_intermediate_size;
      const gate = new Float32Array(d * nr * ffe); // [d, Nr·ffe]
      const up = new Float32Array(d * nr * ffe); // [d, Nr·ffe]
      const down = new Float32Array(nr * ffe * d); // [Nr·ffe, d]
      for (let e = 0; e < nr; e++) {
        const ep = `${p}.mlp.experts.${e}`;
        const g = get(`${ep}.gate_proj.weight`).data; // [ffe, d]
        const u = get(`${ep}.up_proj.weight`).data; // [ffe, d]
        for (let j = 0; j < ffe; j++) {
          for (let i = 0; i < d; i++) {
            gate[i * nr * ffe + e * ffe + j] = g[j * d + i];
            up[i * nr * ffe + e * ffe + j] = u[j * d + i];
          }
        }
        down.set(transposed(get(`${ep}.down_proj.weight`).data, d, ffe), e * ffe * d); // rows [e·ffe, (e+1)·ffe)
      }
      mlp = {
        gate: lin(`${p}.mlp.gate.weight`), // [d, Nr]
        ...(usesRouterBias(c) ? { eScoreCorrectionBias: vec(`${p}.mlp.gate.e_score_correction_bias`) } : {}), // [Nr]
        experts: {
          gateProj: make<tf.Tensor2D>(gate, [d, nr * ffe]),
          upProj: make<tf.Tensor2D>(up, [d, nr * ffe]),
          downProj: make<tf.Tensor2D>(down, [nr * ffe, d]),
        },
        sharedExperts: c.n_shared_experts > 0 ? dense(`${p}.mlp.shared_experts`) : null,
      };
    } else {
      mlp = dense(`${p}.mlp`);
    }
    layers.push({
      inputLayernorm: vec(`${p}.input_layernorm.weight`),
      selfAttn,
      postAttentionLayernorm: vec(`${p}.post_attention_layernorm.weight`),
      mlp,
    });
  }
  return {
    embedTokens: make<tf.Tensor2D>(Float32Array.from(get('model.embed_tokens.weight').data), [c.vocab_size, d]),
    layers,
    norm: vec('model.norm.weight'),
    lmHead: c.tie_word_embeddings ? null : lin('lm_head.weight'), // [d, V]
  };
}

/** Every parameter tensor with a camelCase path (e.g. `layers.1.mlp.experts.gateProj`), in a fixed order. */
export function namedParams(p: ModelParams): [string, tf.Tensor][] {
  const out: [string, tf.Tensor][] = [['embedTokens', p.embedTokens]];
  const add = (prefix: string, obj: object) => {
    for (const [k, v] of Object.entries(obj)) {
      if (v instanceof tf.Tensor) out.push([`${prefix}.${k}`, v]);
      else if (v && typeof v === 'object') add(`${prefix}.${k}`, v);
    }
  };
  p.layers.forEach((layer, l) => add(`layers.${l}`, layer));
  out.push(['norm', p.norm]);
  if (p.lmHead) out.push(['lmHead', p.lmHead]);
  return out;
}

/** A copy of `p` whose tensors are `tensors`, in namedParams' order (e.g. an optimizer's proposal). */
export function withTensors(p: ModelParams, tensors: tf.Tensor[]): ModelParams {
  let i = 0;
  const next = (t: tf.Tensor): tf.Tensor => {
    if (i >= tensors.length) throw new Error(`withTensors: ${tensors.length} tensors for more parameters`);
    const out = tensors[i++];
    if (!tf.util.arraysEqual(out.shape, t.shape)) throw new Error(`withTensors: shape [${out.shape}] for [${t.shape}]`);
    return out;
  };
  const one = (v: unknown): unknown =>
    v instanceof tf.Tensor ? next(v) : v && typeof v === 'object' ? copy(v as object) : v;
  const copy = <T extends object>(obj: T): T => {
    if (Array.isArray(obj)) return obj.map(one) as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = one(v);
    return out as T;
  };
  const embedTokens = next(p.embedTokens);
  const layers = p.layers.map((layer) => copy(layer));
  const norm = next(p.norm);
  const lmHead = p.lmHead ? next(p.lmHead) : null;
  if (i !== tensors.length) throw new Error(`withTensors: ${tensors.length} tensors for ${i} parameters`);
  return { ...p, embedTokens, layers, norm, lmHead } as ModelParams;
}

/** Disposes every parameter tensor (or variable). */
export function disposeParams(p: ModelParams): void {
  tf.dispose(namedParams(p).map(([, t]) => t));
}

type Reader = (t: tf.Tensor) => Float32Array;

function toHost(c: DeepseekV2Config, p: ModelParams, read: Reader): HostWeights {
  const w: HostWeights = new Map();
  const vec = (name: string, t: tf.Tensor) => w.set(name, { shape: [...t.shape], data: Float32Array.from(read(t)) });
  const lin = (name: string, t: tf.Tensor) => {
    const [i, o] = t.shape;
    w.set(name, { shape: [o, i], data: transposed(read(t), i, o) });
  };
  const dense = (prefix: string, m: MlpParams) => {
    lin(`${prefix}.gate_proj.weight`, m.gateProj);
    lin(`${prefix}.up_proj.weight`, m.upProj);
    lin(`${prefix}.down_proj.weight`, m.downProj);
  };
  const d = c.hidden_size;
  vec('model.embed_tokens.weight', p.embedTokens);
  p.layers.forEach((layer, l) => {
    const pre = `model.layers.${l}`;
    const a = layer.selfAttn;
    vec(`${pre}.input_layernorm.weight`, layer.inputLayernorm);
    if (a.kind === 'mha') {
      for (const [name, t] of [
        ['q', a.qProj],
        ['k', a.kProj],
        ['v', a.vProj],
        ['o', a.oProj],
      ] as const) {
        lin(`${pre}.self_attn.${name}_proj.weight`, t);
      }
    } else {
      if (a.qAProj && a.qALayernorm && a.qBProj) {
        lin(`${pre}.self_attn.q_a_proj.weight`, a.qAProj);
        vec(`${pre}.self_attn.q_a_layernorm.weight`, a.qALayernorm);
        lin(`${pre}.self_attn.q_b_proj.weight`, a.qBProj);
      } else if (a.qProj) {
        lin(`${pre}.self_attn.q_proj.weight`, a.qProj);
      }
      lin(`${pre}.self_attn.kv_a_proj_with_mqa.weight`, a.kvAProjWithMqa);
      vec(`${pre}.self_attn.kv_a_layernorm.weight`, a.kvALayernorm);
      lin(`${pre}.self_attn.kv_b_proj.weight`, a.kvBProj);
      lin(`${pre}.self_attn.o_proj.weight`, a.oProj);
    }
    vec(`${pre}.post_attention_layernorm.weight`, layer.postAttentionLayernorm);
    const m = layer.mlp;
    if (isMoeParams(m)) {
      lin(`${pre}.mlp.gate.weight`, m.gate);
      if (m.eScoreCorrectionBias) vec(`${pre}.mlp.gate.e_score_correction_bias`, m.eScoreCorrectionBias);
      const nr = m.gate.shape[1];
      const ffe = m.experts.gateProj.shape[1] / nr;
      const [g, u, dn] = [read(m.experts.gateProj), read(m.experts.upProj), read(m.experts.downProj)];
      for (let e = 0; e < nr; e++) {
        const gate = new Float32Array(ffe * d); // [ffe, d]
        const up = new Float32Array(ffe * d); // [ffe, d]
        for (let j = 0; j < ffe; j++) {
          for (let i = 0; i < d; i++) {
            gate[j * d + i] = g[i * nr * ffe + e * ffe + j];
            up[j * d + i] = u[i * nr * ffe + e * ffe + j];
          }
        }
        const ep = `${pre}.mlp.experts.${e}`;
        w.set(`${ep}.gate_proj.weight`, { shape: [ffe, d], data: gate });
        w.set(`${ep}.up_proj.weight`, { shape: [ffe, d], data: up });
        const down = transposed(dn.subarray(e * ffe * d, (e + 1) * ffe * d), ffe, d); // [d, ffe]
        w.set(`${ep}.down_proj.weight`, { shape: [d, ffe], data: down });
      }
      if (m.sharedExperts) dense(`${pre}.mlp.shared_experts`, m.sharedExperts);
    } else {
      dense(`${pre}.mlp`, m);
    }
  });
  vec('model.norm.weight', p.norm);
  if (p.lmHead) lin('lm_head.weight', p.lmHead);
  return w;
}

/** Hugging Face weights ([out, in], per-expert tensors) from the parameters, read synchronously. */
export function toHostWeightsSync(c: DeepseekV2Config, p: ModelParams): HostWeights {
  return toHost(c, p, (t) => t.dataSync() as Float32Array);
}

/** Hugging Face weights from the parameters; downloads every tensor first (works on every backend). */
export async function toHostWeights(c: DeepseekV2Config, p: ModelParams): Promise<HostWeights> {
  const tensors = namedParams(p).map(([, t]) => t);
  const data = await Promise.all(tensors.map((t) => t.data() as Promise<Float32Array>));
  const byTensor = new Map<tf.Tensor, Float32Array>(tensors.map((t, i) => [t, data[i]]));
  return toHost(c, p, (t) => byTensor.get(t) as Float32Array);
}
