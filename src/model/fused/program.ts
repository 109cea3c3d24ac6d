/**
 * Running a WGSL compute kernel through tfjs-backend-webgpu's own program runner
 * (`runWebGPUProgram`), so the kernel reads and writes ordinary tfjs tensors on the backend's
 * device and buffers (docs/webgpu.md). tfjs generates the bindings (`result` is the output, each
 * name in `variableNames` an input array) and the uniforms; a kernel's sizes are baked into its
 * WGSL as constants and into its shaderKey, so tfjs compiles each shape once and caches it.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Threads per workgroup of every fused kernel. */
export const WG = 64;

/** The fields of tfjs-backend-webgpu's WebGPUProgram that a fused kernel sets. */
export interface FusedProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** extra uniform fields, WGSL struct syntax (e.g. 'row : i32,'). */
  uniforms?: string;
  getUserCode(): string;
}

/** One program-defined uniform value, as tfjs-webgpu takes them. */
export interface ProgramUniform {
  type: 'int32' | 'float32';
  data: number[];
}

interface WebGpuRunner {
  runWebGPUProgram(p: FusedProgram, inputs: tf.TensorInfo[], dtype: 'float32', u?: ProgramUniform[]): tf.TensorInfo;
}

/** A program of `groups` workgroups of WG threads writing a flat float32 output of `size` values. */
export function program(
  name: string,
  key: (string | number | boolean)[],
  inputs: string[],
  size: number,
  groups: number,
  code: string,
  uniforms?: string,
): FusedProgram {
  return {
    variableNames: inputs,
    outputShape: [size],
    shaderKey: `fused_${name}_${key.join('_')}`,
    dispatchLayout: { x: [0] },
    dispatch: [groups, 1, 1],
    workgroupSize: [WG, 1, 1],
    ...(uniforms ? { uniforms } : {}),
    // every binding must be used, or the 'auto' layout drops it and tfjs' bind group is invalid
    getUserCode: () => code.replace('fn main(index : i32) {', 'fn main(index : i32) {\n  _ = uniforms.outShape;'),
  };
}

/** Runs a fused program on the active webgpu backend; the result is a tracked float32 tensor [size]. */
export function runProgram(p: FusedProgram, inputs: tf.Tensor[], uniforms?: ProgramUniform[]): tf.Tensor1D {
  const backend = tf.backend() as unknown as WebGpuRunner;
  const info = backend.runWebGPUProgram(p, inputs, 'float32', uniforms);
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor1D; // [size]
}

/** A WGSL f32 literal. */
export const f32 = (v: number): string => {
  const s = Math.fround(v).toExponential(9);
  return `f32(${s})`;
};

/** Workgroup reductions over the WG threads (call from uniform control flow). */
export const REDUCE = `
var<workgroup> red : array<f32, ${WG}>;
fn wgSum(v : f32) -> f32 {
  let t = localId.x;
  red[t] = v;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (t < s) { red[t] = red[t] + red[t + s]; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}
fn wgMax(v : f32) -> f32 {
  let t = localId.x;
  red[t] = v;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (t < s) { red[t] = max(red[t], red[t + s]); }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}
`;

/**
 * 1/sqrt(mean(x²) + ε) of the n values of array `arr` from `base`, shared by the workgroup
 * (the RMSNorm factor, rmsNorm.ts, computed as tf.mean then tf.rsqrt).
 */
export const rmsInv = (arr: string, base: string, n: number, eps: number): string => `
  {
    var acc = 0.0;
    for (var i = i32(localId.x); i < ${n}; i = i + ${WG}) { let v = ${arr}[${base} + i]; acc = acc + v * v; }
    rinv = inverseSqrt(wgSum(acc) / f32(${n}) + ${f32(eps)});
  }
`;

/**
 * Softmax over result[P + 0 … S − 1] in place, given their max `m` (from wgMax), shared by the
 * workgroup; each thread `t` takes every WG-th entry. Ends with the barriers that make the
 * probabilities visible to every thread.
 */
export const SOFTMAX_IN_PLACE = `
  var sm = 0.0;
  for (var j = t; j < S; j = j + ${WG}) { let e = exp(result[P + j] - m); result[P + j] = e; sm = sm + e; }
  let total = wgSum(sm);
  for (var j = t; j < S; j = j + ${WG}) { result[P + j] = result[P + j] / total; }
  storageBarrier();
  workgroupBarrier();
`;
