/**
 * A DeepSeek-V2 model as files: config.json, model.safetensors and (optionally) tokenizer.json.
 * Parsing and validation only, the same in Node (read from a folder) and in the browser (fetched
 * or dropped by the user). Every failure is one line that names the file and what is wrong.
 */
import { parseConfig, type DeepseekV2Config } from './config';
import { parseSafetensors } from './safetensors';
import { BpeTokenizer } from './tokenizer';
import { IGNORED_TENSOR, validateWeights, type HostWeights } from './weights';

export interface ModelFileContents {
  /** the parsed JSON of config.json */
  config: unknown;
  /** the bytes of model.safetensors */
  weights: Uint8Array;
  /** the parsed JSON of tokenizer.json, when there is one */
  tokenizer?: unknown;
}

export interface LoadedModelFiles {
  config: DeepseekV2Config;
  weights: HostWeights;
  tokenizer: BpeTokenizer | null;
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

/** Parses and checks every file: config fields, each tensor's presence, dtype and shape, the vocabulary. */
export function parseModelFiles(files: ModelFileContents): LoadedModelFiles {
  let config: DeepseekV2Config;
  try {
    config = parseConfig(files.config);
  } catch (e) {
    throw new ModelFilesError('config.json', oneLine(e));
  }
  let weights: HostWeights;
  try {
    const parsed = parseSafetensors(files.weights);
    validateWeights(config, parsed.tensors);
    weights = new Map();
    for (const [name, t] of parsed.tensors) {
      if (!IGNORED_TENSOR.test(name)) weights.set(name, { shape: t.shape, data: t.data });
    }
  } catch (e) {
    throw new ModelFilesError('model.safetensors', oneLine(e));
  }
  let tokenizer: BpeTokenizer | null = null;
  if (files.tokenizer !== undefined) {
    try {
      tokenizer = BpeTokenizer.fromJSON(files.tokenizer);
    } catch (e) {
      throw new ModelFilesError('tokenizer.json', oneLine(e));
    }
    if (tokenizer.vocabSize > config.vocab_size) {
      throw new ModelFilesError(
        'tokenizer.json',
        `has ${tokenizer.vocabSize} tokens but config.vocab_size is ${config.vocab_size}`,
      );
    }
  }
  return { config, weights, tokenizer };
}

/** Parses JSON text, naming the file on failure. */
export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ModelFilesError(file, `not valid JSON (${oneLine(e)})`);
  }
}
