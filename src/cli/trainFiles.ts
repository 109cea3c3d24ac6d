/**
 * The files a training run reads and writes, in Node: the run config, the tokenizer, the corpus,
 * checkpoints (written atomically: a temporary file, then a rename), the JSON-lines log and the
 * exported model folder. Every failure is one line that names the file.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { toConfigJson, type DeepseekV2Config } from '../model/config';
import { generationConfigJson } from '../model/generationConfig';
import { serializeSafetensors } from '../model/safetensors';
import { BpeTokenizer } from '../model/tokenizer';
import type { HostWeights } from '../model/weights';
import { decodeCheckpoint, type Checkpoint } from '../train/checkpoint';
import { encodeCorpus } from '../train/data';
import { parseTrainConfig, type TrainRunConfig } from '../train/trainConfig';

/** A bad input to the training command: printed as one line, exit status 1. */
export class TrainInputError extends Error {
  override name = 'TrainInputError';
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

function readText(path: string, what: string): string {
  if (!existsSync(path)) throw new TrainInputError(`${what} not found: ${path}`);
  if (!statSync(path).isFile()) throw new TrainInputError(`${what} is not a file: ${path}`);
  return readFileSync(path, 'utf8');
}

function readJson(path: string, what: string): unknown {
  const text = readText(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TrainInputError(`${path}: not valid JSON (${firstLine(e)})`);
  }
}

/** Reads and validates a `--config FILE`. */
export function readRunConfig(path: string): TrainRunConfig {
  const json = readJson(path, 'config file');
  try {
    return parseTrainConfig(json);
  } catch (e) {
    throw new TrainInputError(`${path}: ${firstLine(e)}`);
  }
}

/** Reads tokenizer.json and checks that its ids fit the model's vocabulary. */
export function readTokenizer(path: string, c: DeepseekV2Config): BpeTokenizer {
  const json = readJson(path, 'tokenizer file');
  let tok: BpeTokenizer;
  try {
    tok = BpeTokenizer.fromJSON(json);
  } catch (e) {
    // the path names the file; the tokenizer's own "tokenizer.json: " prefix would name it twice
    throw new TrainInputError(`${path}: ${firstLine(e).replace(/^tokenizer\.json: /, '')}`);
  }
  if (tok.vocabSize > c.vocab_size) {
    throw new TrainInputError(`${path}: ${tok.vocabSize} tokens do not fit model vocab_size ${c.vocab_size}`);
  }
  return tok;
}

/** Reads a corpus file (one document per line) and encodes it; a missing or empty file is an error. */
export function readCorpus(path: string, tok: BpeTokenizer, what = 'corpus file'): Int32Array {
  const text = readText(path, what);
  if (text.trim() === '') throw new TrainInputError(`${what} is empty: ${path}`);
  return encodeCorpus(text, tok);
}

/** Reads a checkpoint; with `expected`, one made for another model config is refused. */
export function readCheckpoint(path: string, expected?: DeepseekV2Config): Checkpoint {
  if (!existsSync(path)) throw new TrainInputError(`no checkpoint to resume: ${path} does not exist`);
  try {
    return decodeCheckpoint(new Uint8Array(readFileSync(path)), expected);
  } catch (e) {
    throw new TrainInputError(`${path}: ${firstLine(e)}`);
  }
}

/** Writes `data` to `path` through `path.tmp-PID` and a rename, so `path` is always whole. */
export function writeAtomic(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Appends one JSON object as a line of the log. */
export function appendLog(path: string, entry: object): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, JSON.stringify(entry) + '\n');
}

/** Sampling defaults the app starts from, in Hugging Face's generation_config.json form. */
export function generationConfig(tok: BpeTokenizer): Record<string, unknown> {
  return generationConfigJson(tok.specialTokens.bos ?? null, tok.specialTokens.eos);
}

/**
 * Writes a model folder for the app: config.json, model.safetensors (float32, Hugging Face
 * names), generation_config.json and a copy of the training log (train-log.jsonl), plus
 * tokenizer.json when the folder has none.
 */
export function exportModel(
  dir: string,
  c: DeepseekV2Config,
  weights: HostWeights,
  tok: BpeTokenizer,
  tokenizerPath: string,
  logPath: string | null = null,
): void {
  const config = {
    ...toConfigJson(c),
    bos_token_id: tok.specialTokens.bos ?? null,
    eos_token_id: tok.specialTokens.eos,
  };
  writeAtomic(join(dir, 'model.safetensors'), serializeSafetensors(weights, 'F32', { format: 'pt' }));
  writeAtomic(join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  writeAtomic(join(dir, 'generation_config.json'), JSON.stringify(generationConfig(tok), null, 2) + '\n');
  if (logPath && existsSync(logPath)) writeAtomic(join(dir, basename(logPath)), readFileSync(logPath));
  const tokOut = join(dir, 'tokenizer.json');
  if (!existsSync(tokOut)) writeAtomic(tokOut, readFileSync(tokenizerPath));
}
