/** Reads and writes a model folder (config.json, model.safetensors, tokenizer.json) in Node. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonFile, parseModelFiles, type LoadedModelFiles } from '../model/modelFiles';
import { UsageError } from './args';

export function readModelDir(dir: string): LoadedModelFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`model folder not found: ${dir}`);
  const need = (file: string) => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new UsageError(`${path} is missing`);
    return path;
  };
  const tokenizerPath = join(dir, 'tokenizer.json');
  return parseModelFiles({
    config: parseJsonFile('config.json', readFileSync(need('config.json'), 'utf8')),
    weights: new Uint8Array(readFileSync(need('model.safetensors'))),
    tokenizer: existsSync(tokenizerPath)
      ? parseJsonFile('tokenizer.json', readFileSync(tokenizerPath, 'utf8'))
      : undefined,
  });
}
