/** The public API of the model core. */
export * from './config';
export * from './presets';
export { linear } from './linear';
export { rmsNorm, LATENT_NORM_EPS } from './rmsNorm';
export { RopeTables, ropeInvFreq, ropeAmplitude } from './rope';
export { mla, type AttentionParams, type AttentionPath, type MlaOptions, type MlaOutput, type MlaRecord } from './mla';
export { naiveAttention, absorbedAttention, bmm, type AttnDims, type AttnInputs, type AttnResult } from './mlaPaths';
export { KvCache } from './kvCache';
export { embedLookup } from './embedding';
export {
  fromHostWeights,
  toHostWeights,
  toHostWeightsSync,
  namedParams,
  disposeParams,
  isMoeParams,
  type ModelParams,
  type DecoderLayerParams,
  type FromHostOptions,
} from './params';
export {
  DeepseekV2Model,
  disposeForwardResult,
  type ForwardOptions,
  type ForwardResult,
  type StepResult,
  type LayerRouting,
  type Interventions,
  type TrainingOptions,
  type TokenBatch,
} from './model';
export {
  readTrace,
  disposeTrace,
  type ModelTrace,
  type PendingTrace,
  type AttentionTrace,
  type MoeLayerTrace,
  type TraceArray,
} from './trace';
export { generate, type GenerateOptions, type GeneratedToken } from './generate';
export { mlp, mlpHidden, type MlpParams } from './mlp';
export { moe, readMoeTrace, type MoeParams, type MoeOptions, type MoeOutput, type MoeTrace } from './moe';
export { route, type RouterOutput, type RouteOptions } from './router';
export { Rng, type RngState } from './rng';
export { sampleToken, argmax, topKProbabilities, type SamplingOptions, type TokenProbability } from './sampling';
export {
  expectedShapes,
  initWeights,
  validateWeights,
  WeightsError,
  type HostTensor,
  type HostWeights,
} from './weights';
