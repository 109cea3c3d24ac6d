/**
 * `npm run lab-corpus`: writes the text the balance lab trains on in the browser,
 * public/lab/balance-lab-train.txt: every 11th line of the training split data/corpus/train.txt
 * (made by `npm run corpus`), in order, so every source and the two-digit additions appear in
 * their usual proportions; about 240 KB. Validation lines are never included.
 *
 * Options: --src FILE (default data/corpus/train.txt), --out FILE, --every N (default 11).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { CorpusError, checkCorpusText } from '../src/train/corpus';

const LAB_CORPUS = 'public/lab/balance-lab-train.txt';

function main(): void {
  const { values } = parseArgs({
    options: {
      src: { type: 'string', default: 'data/corpus/train.txt' },
      out: { type: 'string', default: LAB_CORPUS },
      every: { type: 'string', default: '11' },
    },
  });
  const every = Number(values.every);
  if (!Number.isInteger(every) || every < 1) throw new CorpusError(`--every must be a positive integer`);
  let text: string | null = null;
  try {
    text = readFileSync(values.src, 'utf8');
  } catch {
    text = null;
  }
  const lines = checkCorpusText(values.src, text)
    .split('\n')
    .filter((l) => l.trim() !== '');
  const slice = lines.filter((_, i) => i % every === 0);
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, slice.join('\n') + '\n');
  const bytes = Buffer.byteLength(slice.join('\n') + '\n');
  console.log(`${values.out}: ${slice.length} of ${lines.length} lines, ${(bytes / 1024).toFixed(0)} KiB`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
