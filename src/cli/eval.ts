/**
 * `npm run eval -- [--model DIR] [--val FILE] [--additions FILE] [--card] [--max-tokens N] [--backend wasm|cpu]`
 *
 * Measures a model folder: validation bits per byte, greedy accuracy on the held-out two-digit
 * additions, per-expert routed load on the validation text, and samples for five fixed prompts.
 * Prints one JSON report on stdout (progress on stderr); with --card also writes the model card
 * (README.md in the model folder), regenerating only the marked sections of an existing one.
 */
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DeepseekV2Config } from '../model/config';
import type { BpeTokenizer } from '../model/tokenizer';
import { encodeCorpus } from '../train/data';
import { ablationSection, type AblationSide } from '../train/ablationCard';
import { evalSection } from '../train/evalCard';
import { additionPass, samplePass, validationPass } from '../train/evalPasses';
import {
  additionSummary,
  bitsPerByte,
  checkTargets,
  knownWordRate,
  words,
  type AdditionItem,
  type EvalReport,
  type SampleSettings,
} from '../train/evaluate';
import {
  cardTemplate,
  modelSection,
  replaceSection,
  trainingSection,
  type SectionName,
  type TokenizerFacts,
} from '../train/modelCard';
import { parseTrainLog, type TrainLogSummary } from '../train/trainLog';
import { parseFlags, UsageError } from './args';
import { loadModel, parseBackend, readModelFlag } from './nodeModel';
import { writeAtomic } from './trainFiles';

export const USAGE = `usage: npm run eval -- [flags]
  --model DIR        model folder (default public/models/tinyseek)
  --val FILE         validation text, one document per line (default data/corpus/val.txt)
  --additions FILE   held-out additions (default heldout-additions.json beside --val)
  --card             also write the model card DIR/README.md (only its marked sections if it exists)
  --max-tokens N     score only the first N tokens of the validation stream (default: all)
  --backend NAME     wasm or cpu (default wasm, else cpu)
  --baseline DIR     also score the model in DIR (the dense ablation baseline) the same way, and with
                     --card write the card's ablation section comparing the two
beside --val it also reads train.txt (words the samples are checked against; else the validation
text) and, for --card, SOURCES.md; beside the model, train-log.jsonl (training window and history)`;

const FLAGS = {
  model: 'string',
  val: 'string',
  additions: 'string',
  card: 'boolean',
  'max-tokens': 'number',
  backend: 'string',
  baseline: 'string',
  help: 'boolean',
} as const;

export const DEFAULT_MODEL = 'public/models/tinyseek';
export const DEFAULT_VAL = 'data/corpus/val.txt';

/** Three story openings, one Alice-like, one sum. */
export const SAMPLE_PROMPTS = [
  'Once upon a time there was a little',
  'One morning the old woman',
  'The fox ran into the wood, and',
  'Alice looked at the White Rabbit and said,',
  '47+38=',
];
export const SAMPLE_SETTINGS: SampleSettings = { maxNew: 48, temperature: 0.8, topK: 40, topP: 1, seed: 1 };
/** Windows per forward pass of the validation scoring. */
const EVAL_BATCH = 8;
/** Window when the training log does not give the training sequence length. */
const DEFAULT_WINDOW = 128;

export interface EvalIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

function readText(path: string, what: string): string {
  if (!existsSync(path)) throw new UsageError(`${what} not found: ${path}`);
  return readFileSync(path, 'utf8');
}

function readAdditions(path: string): AdditionItem[] {
  let json: unknown;
  try {
    json = JSON.parse(readText(path, 'additions file'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path}: not JSON`);
  }
  const items = (json as { items?: unknown })?.items;
  const ok = (x: unknown): x is AdditionItem => {
    const i = x as AdditionItem;
    return (
      typeof i?.prompt === 'string' &&
      /^\d+$/.test(String(i?.answer)) &&
      Number.isInteger(i?.a) &&
      Number.isInteger(i?.b)
    );
  };
  if (!Array.isArray(items) || items.length === 0 || !items.every(ok)) {
    throw new UsageError(`${path}: expected {"items": [{"a", "b", "prompt", "answer"}, …]}`);
  }
  return items.map((i) => ({ a: i.a, b: i.b, prompt: i.prompt, answer: String(i.answer) }));
}

function tokenizerFacts(tok: BpeTokenizer): TokenizerFacts {
  let specials = 0;
  for (let id = 0; id < tok.vocabSize; id++) if (tok.isSpecial(id)) specials++;
  return { vocabSize: tok.vocabSize, specials, ...tok.specialTokens };
}

/** The baseline's figures in the JSON report. */
type BaselineScore = Pick<AblationSide, 'dir' | 'bitsPerByte' | 'additionAccuracy'>;

const seconds = (t0: number) => Math.round(performance.now() - t0) / 1000;

/**
 * Writes DIR/README.md: a new card from the template, or the marked sections of the existing one
 * regenerated (model from the config, training from the log and SOURCES.md in `corpusDir`, eval
 * from the report). Returns its path.
 */
function writeCard(
  dir: string,
  corpusDir: string,
  c: DeepseekV2Config,
  tok: BpeTokenizer,
  log: TrainLogSummary | null,
  report: EvalReport,
  ablation: string | null,
): string {
  const cardPath = join(dir, 'README.md');
  const sourcesPath = join(corpusDir, 'SOURCES.md');
  const facts = tokenizerFacts(tok);
  const sections = {
    model: modelSection(c, facts),
    training: trainingSection(log, existsSync(sourcesPath) ? readFileSync(sourcesPath, 'utf8') : null, facts),
    eval: evalSection(report),
  };
  let card = existsSync(cardPath) ? readFileSync(cardPath, 'utf8') : cardTemplate(sections);
  const all: Partial<Record<SectionName, string>> = { ...sections, ...(ablation ? { ablation } : {}) };
  for (const [name, body] of Object.entries(all) as [SectionName, string][]) card = replaceSection(card, name, body);
  writeAtomic(cardPath, card);
  return cardPath;
}

/** What the training log says about the tokens and time a model was trained on. */
function trainedOn(log: TrainLogSummary | null): Pick<AblationSide, 'trainTokens' | 'trainSeconds'> {
  const last = log?.steps.at(-1);
  return { trainTokens: last?.tokensSeen ?? null, trainSeconds: last?.elapsedSec ?? null };
}

function readLog(dir: string): TrainLogSummary | null {
  const path = join(dir, 'train-log.jsonl');
  return existsSync(path) ? parseTrainLog(readFileSync(path, 'utf8')) : null;
}

/** Scores the baseline in `dir` on the same validation tokens and additions, with the same tokenizer. */
async function scoreBaseline(
  dir: string,
  tok: BpeTokenizer,
  used: Int32Array,
  pass: { window: number; stride: number },
  items: AdditionItem[],
  backend: ReturnType<typeof parseBackend>,
  io: EvalIo,
): Promise<AblationSide> {
  const files = readModelFlag(dir);
  if (files.config.vocab_size !== tok.vocabSize) {
    throw new UsageError(`${dir}: vocab_size ${files.config.vocab_size} differs from the tokenizer's ${tok.vocabSize}`);
  }
  const model = await loadModel(files, backend);
  try {
    io.stderr.write(`eval: baseline ${dir}: scoring ${used.length} validation tokens and ${items.length} additions\n`);
    const val = await validationPass(model, used, tok, { ...pass, batch: EVAL_BATCH });
    const adds = await additionPass(model, tok, items);
    return {
      dir,
      config: files.config,
      bitsPerByte: bitsPerByte(val.tally),
      additionAccuracy: additionSummary(adds).accuracy,
      ...trainedOn(readLog(dir)),
    };
  } finally {
    model.dispose();
  }
}

/** Runs the evaluation; returns the report (and writes the card when asked). */
export async function runEval(
  argv: string[],
  io: EvalIo,
): Promise<EvalReport & { card?: string; baseline?: BaselineScore }> {
  const f = parseFlags(argv, FLAGS);
  const backend = parseBackend(f.backend);
  const dir = f.model ?? DEFAULT_MODEL;
  const valPath = f.val ?? DEFAULT_VAL;
  const additionsPath = f.additions ?? join(dirname(valPath), 'heldout-additions.json');
  const files = readModelFlag(dir);
  const tok = files.tokenizer;
  if (!tok) throw new UsageError(`${join(dir, 'tokenizer.json')} is missing`);
  const valText = readText(valPath, 'validation file');
  const items = readAdditions(additionsPath);
  const log = readLog(dir);
  const stream = encodeCorpus(valText, tok);
  const maxTokens = f['max-tokens'];
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 2)) {
    throw new UsageError(`--max-tokens must be an integer ≥ 2, got ${maxTokens}`);
  }
  const used = maxTokens === undefined ? stream : stream.subarray(0, maxTokens);
  if (used.length < 2) throw new UsageError(`${valPath} has no text to score`);
  const window = Math.min(log?.run?.train.seqLen ?? DEFAULT_WINDOW, files.config.max_position_embeddings);
  const stride = Math.ceil(window / 2);
  const trainPath = join(dirname(valPath), 'train.txt');
  const knownFrom = existsSync(trainPath) ? trainPath : valPath;

  const model = await loadModel(files, backend);
  try {
    let t0 = performance.now();
    io.stderr.write(`eval: scoring ${used.length} validation tokens on ${tf.getBackend()}\n`);
    const val = await validationPass(model, used, tok, { window, stride, batch: EVAL_BATCH });
    const tVal = seconds(t0);
    t0 = performance.now();
    io.stderr.write(`eval: ${items.length} greedy additions\n`);
    const adds = await additionPass(model, tok, items);
    const tAdd = seconds(t0);
    t0 = performance.now();
    io.stderr.write(`eval: ${SAMPLE_PROMPTS.length} samples\n`);
    const samples = await samplePass(model, tok, SAMPLE_PROMPTS, SAMPLE_SETTINGS);
    const tSamples = seconds(t0);

    const known = new Set(words(knownFrom === valPath ? valText : readFileSync(knownFrom, 'utf8')));
    const knownRate = knownWordRate(
      samples.map((s) => s.text),
      known,
    );
    const summary = additionSummary(adds);
    const bpb = bitsPerByte(val.tally);
    const report: EvalReport & { card?: string; baseline?: BaselineScore } = {
      model: { dir, backend: tf.getBackend() },
      validation: {
        file: valPath,
        streamTokens: stream.length,
        usedTokens: used.length,
        window,
        stride,
        windows: val.windows,
        scoredTokens: val.tally.tokens,
        bytes: val.tally.bytes,
        nats: val.tally.nats,
        natsPerToken: val.tally.nats / val.tally.tokens,
        bitsPerByte: bpb,
      },
      addition: { file: additionsPath, ...summary, misses: adds.filter((r) => !r.correct).slice(0, 5) },
      load: val.load,
      samples: {
        settings: SAMPLE_SETTINGS,
        knownWordRate: knownRate,
        knownWordsFrom: knownFrom === valPath ? 'the validation text' : 'the training text',
        items: samples,
      },
      targets: checkTargets({
        bitsPerByte: bpb,
        additionAccuracy: summary.accuracy,
        load: val.load,
        knownWordRate: knownRate,
      }),
      seconds: { validation: tVal, addition: tAdd, samples: tSamples },
    };
    let ablation: string | null = null;
    if (f.baseline) {
      const base = await scoreBaseline(f.baseline, tok, used, { window, stride }, items, backend, io);
      const ours: AblationSide = {
        dir,
        config: files.config,
        bitsPerByte: bpb,
        additionAccuracy: summary.accuracy,
        ...trainedOn(log),
      };
      report.baseline = { dir: base.dir, bitsPerByte: base.bitsPerByte, additionAccuracy: base.additionAccuracy };
      ablation = ablationSection(ours, base);
    }
    if (f.card) {
      report.card = writeCard(dir, dirname(valPath), files.config, tok, log, report, ablation);
      io.stderr.write(`eval: wrote ${report.card}\n`);
    }
    return report;
  } finally {
    model.dispose();
  }
}

/** Parses argv and runs; returns the exit status. Every error is one line on io.stderr. */
export async function evalMain(argv: string[], io: EvalIo): Promise<number> {
  try {
    if (argv.includes('--help')) {
      io.stderr.write(USAGE + '\n');
      return 0;
    }
    const report = await runEval(argv, io);
    io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  } catch (e) {
    if (process.env.TINYSEEK_DEBUG) console.error(e);
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    io.stderr.write(`eval: ${msg}${e instanceof UsageError ? ' (--help for usage)' : ''}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void evalMain(process.argv.slice(2), process).then((code) => {
    process.exitCode = code;
  });
}
