/**
 * The TinySeek command line: `npm run cli -- <command> [flags]`.
 * stdout carries only the result (JSON or text); messages go to stderr; bad input exits 1 with
 * one line on stderr and nothing on stdout.
 */
import { parseFlags, UsageError } from './args';
import type { CliIo } from './cliIo';
import { forwardCommand } from './forward';
import { generateCommand } from './generate';
import { GRPO_USAGE, grpoCommand } from './grpo';
import { modelInfo } from './info';
import { readModelDir } from './modelDir';
import { TOKENIZE_USAGE, tokenizeCommand } from './tokenize';
import { CONVERT_USAGE, convertCommand } from './convert';
import { PRESETS, type PresetName } from '../model/presets';
import type { DeepseekV2Config } from '../model/config';

const USAGE = `usage: npm run cli -- <command> [flags]
  info      --model DIR | --preset NAME      parameters and KV cache per token (JSON)
  forward   --model DIR --ids 1,2,3          logits, routing and KV-cache sizes (one JSON line)
            [--attention naive|absorbed] [--backend wasm|cpu]
  generate  --model DIR --prompt TEXT        sampled continuation, streamed as text
            [--max-new N] [--seed S] [--temperature T] [--top-k K] [--top-p P] [--backend wasm|cpu]
${TOKENIZE_USAGE}
${CONVERT_USAGE}
${GRPO_USAGE}
presets: ${Object.keys(PRESETS).join(', ')}`;

function configFrom(flags: { model?: string; preset?: string }, io: CliIo): DeepseekV2Config {
  if (flags.model && flags.preset) throw new UsageError('give --model or --preset, not both');
  if (flags.preset) {
    const c = PRESETS[flags.preset as PresetName];
    if (!c) throw new UsageError(`unknown preset "${flags.preset}" (known: ${Object.keys(PRESETS).join(', ')})`);
    return c;
  }
  if (!flags.model) throw new UsageError('--model DIR is required');
  const files = readModelDir(flags.model);
  for (const note of files.notes ?? []) io.stderr.write(note + '\n');
  return files.config;
}

async function dispatch(command: string | undefined, rest: string[], io: CliIo): Promise<void> {
  switch (command) {
    case 'info': {
      const flags = parseFlags(rest, { model: 'string', preset: 'string' });
      io.stdout.write(JSON.stringify(modelInfo(configFrom(flags, io)), null, 2) + '\n');
      return;
    }
    case 'forward':
      io.stdout.write(JSON.stringify(await forwardCommand(rest, io)) + '\n');
      return;
    case 'generate':
      return generateCommand(rest, io.stdout);
    case 'tokenize':
      io.stdout.write(JSON.stringify(tokenizeCommand(rest)) + '\n');
      return;
    case 'convert':
      io.stdout.write(JSON.stringify(convertCommand(rest)) + '\n');
      return;
    case 'grpo':
      return grpoCommand(rest, io);
    case undefined:
    case 'help':
    case '--help':
      io.stdout.write(USAGE + '\n');
      return;
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}

/** Runs one command; returns the exit status (1 after a one-line `error: …` on stderr). */
export async function runCli(argv: string[], io: CliIo = process): Promise<number> {
  const [command, ...rest] = argv;
  try {
    await dispatch(command, rest, io);
    return 0;
  } catch (e) {
    if (process.env.TINYSEEK_DEBUG) console.error(e);
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr.write(`error: ${msg.split('\n')[0]}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // a reader that stops early (`| head`) is not an error
  process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
