/** The lab's shipped training text, encoded with the shipped tokenizer, as the browser lab does. */
import { readFileSync } from 'node:fs';
import { BpeTokenizer } from '../../../../src/model/tokenizer';
import { encodeCorpus } from '../../../../src/train/data';

export const LAB_TEXT = 'public/lab/balance-lab-train.txt';
export const TOKENIZER = 'public/models/tinyseek/tokenizer.json';

let cached: Int32Array | null = null;

/** The encoded lab corpus (cached across tests). */
export function labTokens(): Int32Array {
  cached ??= encodeCorpus(
    readFileSync(LAB_TEXT, 'utf8'),
    BpeTokenizer.fromJSON(JSON.parse(readFileSync(TOKENIZER, 'utf8'))),
  );
  return cached;
}
