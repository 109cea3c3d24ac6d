/**
 * `convert --model DIR --dtype F16|BF16|F32 --out DIR`: the same model with its weights stored in
 * another safetensors dtype (the app and the CLI upcast F16/BF16 to float32 on load). The folder's
 * config.json, generation_config.json and tokenizer.json are copied beside the new weights. A
 * weight F16 cannot hold (|x| > 65504) is refused, naming the tensor, rather than written as ∞.
 * Prints one JSON line: the dtype and the weights' size before and after.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseSafetensors, serializeSafetensors, type SafetensorsDtype } from '../model/safetensors';
import { parseFlags, UsageError } from './args';
import { readModelDir } from './modelDir';
import { writeAtomic } from './trainFiles';

export const CONVERT_USAGE = `  convert   --model DIR --dtype F16|BF16|F32 --out DIR   the model with its weights in another dtype`;

const DTYPES: readonly SafetensorsDtype[] = ['F16', 'BF16', 'F32'];
/** The largest finite F16. */
const F16_MAX = 65504;
const COPIED = ['config.json', 'generation_config.json', 'tokenizer.json'];

export interface ConvertReport {
  dtype: SafetensorsDtype;
  tensors: number;
  bytesBefore: number;
  bytesAfter: number;
}

export function convertCommand(argv: string[]): ConvertReport {
  const flags = parseFlags(argv, { model: 'string', dtype: 'string', out: 'string' });
  if (!flags.model || !flags.out) throw new UsageError('--model DIR and --out DIR are required');
  const dtype = flags.dtype?.toUpperCase() as SafetensorsDtype | undefined;
  if (!dtype || !DTYPES.includes(dtype)) throw new UsageError(`--dtype must be one of ${DTYPES.join(', ')}`);
  if (resolve(flags.model) === resolve(flags.out)) throw new UsageError('--out must be another folder than --model');
  readModelDir(flags.model); // the whole folder is checked as the app would load it
  const source = join(flags.model, 'model.safetensors');
  const { tensors, metadata } = parseSafetensors(new Uint8Array(readFileSync(source)));
  if (dtype === 'F16') {
    for (const [name, t] of tensors) {
      const i = t.data.findIndex((x) => Math.abs(x) > F16_MAX);
      if (i >= 0)
        throw new UsageError(`${name}[${i}] = ${t.data[i]} does not fit in F16 (at most ±${F16_MAX}); try BF16`);
    }
  }
  mkdirSync(flags.out, { recursive: true });
  const bytes = serializeSafetensors(tensors, dtype, metadata);
  writeAtomic(join(flags.out, 'model.safetensors'), bytes);
  for (const f of COPIED) if (existsSync(join(flags.model, f))) copyFileSync(join(flags.model, f), join(flags.out, f));
  return { dtype, tensors: tensors.size, bytesBefore: statSync(source).size, bytesAfter: bytes.length };
}
