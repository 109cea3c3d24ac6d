/**
 * A DeepSeek-V2 model as files: config.json, model.safetensors (or Hugging Face's shards with
 * model.safetensors.index.json) and (optionally) tokenizer.json.
 * Parsing and validation only, the same in Node (read from a folder) and in the browser (fetched
 * or dropped by the user). Every failure is one line that names the file and what is wrong.
 */
import { parseConfig, type DeepseekV2Config } from './config';
import { parseSafetensors, type ParsedSafetensors, type SafetensorsTensor } from './safetensors';
import { tensorCount, totalParameters } from './sizes';
import { BpeTokenizer } from './tokenizer';
import { IGNORED_TENSOR, isMtpTensor, mtpNote, validateWeights, type HostWeights } from './weights';

export interface ModelFileContents {
  /** the parsed JSON of config.json */
  config: unknown;
  /** the bytes of model.safetensors, or a sharded checkpoint */
  weights: Uint8Array | ShardedWeights;
  /** the parsed JSON of tokenizer.json, when there is one */
  tokenizer?: unknown;
}

/** Hugging Face's sharded layout: model.safetensors.index.json and the shards its weight_map names. */
export interface ShardedWeights {
  /** the parsed JSON of model.safetensors.index.json */
  index: unknown;
  /** each shard's bytes by file name, e.g. model-00001-of-00002.safetensors */
  shards: Map<string, Uint8Array>;
}

export const SHARD_INDEX = 'model.safetensors.index.json';

/** The most float32 weight bytes TinySeek loads: the worker holds them twice (host and backend) in one tab. */
export const MAX_WEIGHT_BYTES = 1e9;

/** The most weight tensors TinySeek loads (DeepSeek-V2 itself has about 29,000). */
export const MAX_TENSORS = 100_000;

export interface LoadedModelFiles {
  config: DeepseekV2Config;
  weights: HostWeights;
  tokenizer: BpeTokenizer | null;
  /** what the load skipped on purpose, one line each (V3's multi-token-prediction tensors). */
  notes?: string[];
}

export class ModelFilesError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ModelFilesError';
  }
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** Names the file once: errors that already start with it (TokenizerError does) keep a single prefix. */
function fileError(file: string, e: unknown): ModelFilesError {
  const message = oneLine(e);
  return new ModelFilesError(file, message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message);
}

const gb = (bytes: number) => {
  const n = bytes / 1e9;
  return `${n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US')} GB`;
};

/** Refuses, from the config alone and before anything is allocated, a model too large to load. */
export function checkModelFits(c: DeepseekV2Config): void {
  const bytes = totalParameters(c) * 4; // float32 on the host and on the backend
  if (bytes > MAX_WEIGHT_BYTES) {
    throw new ModelFilesError(
      'config.json',
      `the weights need ${gb(bytes)}; TinySeek loads at most ${gb(MAX_WEIGHT_BYTES)}`,
    );
  }
  const tensors = tensorCount(c);
  if (tensors > MAX_TENSORS) {
    throw new ModelFilesError(
      'config.json',
      `the model has ${tensors.toLocaleString('en-US')} weight tensors; TinySeek loads at most ${MAX_TENSORS.toLocaleString('en-US')}`,
    );
  }
}

/** Every token the tokenizer writes must be one the model knows, and every token the model can pick one the tokenizer can write. */
function checkVocabulary(c: DeepseekV2Config, tokenizer: BpeTokenizer): void {
  if (tokenizer.vocabSize === c.vocab_size) return;
  const more = tokenizer.vocabSize > c.vocab_size;
  throw new ModelFilesError(
    'tokenizer.json',
    `has ${tokenizer.vocabSize} tokens but config.vocab_size is ${c.vocab_size}` +
      (more ? '' : ': the model could pick a token the tokenizer cannot write'),
  );
}

function allFinite(data: Float32Array): boolean {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return false;
  return true;
}

/** Reads a sharded checkpoint: every shard the index's weight_map names, merged into one set of tensors. */
function readShards(w: ShardedWeights): Map<string, SafetensorsTensor> {
  const index = w.index as { weight_map?: unknown } | null;
  const map = typeof index === 'object' && index !== null ? index.weight_map : undefined;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new ModelFilesError(SHARD_INDEX, 'expected a "weight_map" object of tensor names to shard files');
  }
  const names = [...new Set(Object.values(map as Record<string, unknown>))];
  const bad = names.find((n) => typeof n !== 'string');
  if (bad !== undefined)
    throw new ModelFilesError(SHARD_INDEX, `weight_map has ${JSON.stringify(bad)}, not a file name`);
  const tensors = new Map<string, SafetensorsTensor>();
  for (const name of names as string[]) {
    const bytes = w.shards.get(name);
    if (!bytes) {
      throw new ModelFilesError(
        SHARD_INDEX,
        `names ${name}, which is missing (got ${[...w.shards.keys()].join(', ') || 'no shards'})`,
      );
    }
    let parsed: ParsedSafetensors;
    try {
      parsed = parseSafetensors(bytes);
    } catch (e) {
      throw fileError(name, e);
    }
    for (const [tensor, t] of parsed.tensors) {
      if (tensors.has(tensor)) throw new ModelFilesError(name, `repeats tensor ${tensor}, already in another shard`);
      tensors.set(tensor, t);
    }
  }
  return tensors;
}

/** Parses and checks every file: config fields, the size, each tensor's presence, dtype, shape and values, the vocabulary. */
export function parseModelFiles(files: ModelFileContents): LoadedModelFiles {
  let config: DeepseekV2Config;
  try {
    config = parseConfig(files.config);
  } catch (e) {
    throw fileError('config.json', e);
  }
  checkModelFits(config);
  let tokenizer: BpeTokenizer | null = null;
  if (files.tokenizer !== undefined) {
    try {
      tokenizer = BpeTokenizer.fromJSON(files.tokenizer);
    } catch (e) {
      throw fileError('tokenizer.json', e);
    }
    checkVocabulary(config, tokenizer);
  }
  const sharded = !(files.weights instanceof Uint8Array);
  const weightsFile = sharded ? SHARD_INDEX : 'model.safetensors';
  const weights: HostWeights = new Map();
  const notes: string[] = [];
  try {
    const tensors =
      files.weights instanceof Uint8Array ? parseSafetensors(files.weights).tensors : readShards(files.weights);
    validateWeights(config, tensors);
    const mtp = mtpNote(config, tensors.keys());
    if (mtp) notes.push(mtp);
    for (const [name, t] of tensors) {
      if (IGNORED_TENSOR.test(name) || isMtpTensor(config, name)) continue;
      if (!allFinite(t.data)) throw new Error(`${name} holds NaN or infinite values`);
      weights.set(name, { shape: t.shape, data: t.data });
    }
  } catch (e) {
    throw e instanceof ModelFilesError ? e : fileError(weightsFile, e);
  }
  return { config, weights, tokenizer, notes };
}

/** Parses JSON text, naming the file on failure. */
export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ModelFilesError(file, `not valid JSON (${oneLine(e)})`);
  }
}
