/**
 * `tokenize --model DIR --text TEXT | --file F`: the ids of a text under the folder's
 * tokenizer.json, printed as one JSON array (no bos or eos added). Only tokenizer.json is read,
 * so a folder holding just a Hugging Face tokenizer works too.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonFile } from '../model/modelFiles';
import { BpeTokenizer } from '../model/tokenizer';
import { parseFlags, UsageError } from './args';

export const TOKENIZE_USAGE = `  tokenize  --model DIR --text T | --file F  token ids of the text, one JSON array (no bos)`;

/** The largest --file read: its ids as JSON take several times its size. */
export const MAX_TOKENIZE_BYTES = 64 * 1024 * 1024;

function readInput(path: string): string {
  if (!existsSync(path)) throw new UsageError(`file not found: ${path}`);
  const stat = statSync(path);
  if (!stat.isFile()) throw new UsageError(`not a file: ${path}`);
  if (stat.size > MAX_TOKENIZE_BYTES)
    throw new UsageError(`${path} is ${(stat.size / 2 ** 20).toFixed(0)} MB; tokenize reads at most 64 MB`);
  return readFileSync(path, 'utf8');
}

export function tokenizeCommand(argv: string[]): number[] {
  const flags = parseFlags(argv, { model: 'string', text: 'string', file: 'string' });
  if (!flags.model) throw new UsageError('--model DIR is required');
  if ((flags.text === undefined) === (flags.file === undefined))
    throw new UsageError('give the text as --text TEXT or --file F (one of the two)');
  const path = join(flags.model, 'tokenizer.json');
  if (!existsSync(path)) throw new UsageError(`${path} is missing`);
  const tokenizer = BpeTokenizer.fromJSON(parseJsonFile('tokenizer.json', readFileSync(path, 'utf8')));
  return tokenizer.encode(flags.text ?? readInput(flags.file as string));
}
