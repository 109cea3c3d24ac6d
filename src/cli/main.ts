/**
 * The TinySeek command line: `npm run cli -- <command> [flags]`.
 * stdout carries only the result (JSON or text); messages go to stderr; bad input exits 1 with one line.
 */
import { parseFlags, UsageError } from './args';
import { modelInfo } from './info';
import { readModelDir } from './modelDir';
import { PRESETS, type PresetName } from '../model/presets';
import type { DeepseekV2Config } from '../model/config';

const USAGE = `usage: npm run cli -- <command> [flags]
  info     --model DIR | --preset NAME      parameters and KV cache per token
presets: ${Object.keys(PRESETS).join(', ')}`;

function configFrom(flags: { model?: string; preset?: string }): DeepseekV2Config {
  if (flags.model && flags.preset) throw new UsageError('give --model or --preset, not both');
  if (flags.preset) {
    const c = PRESETS[flags.preset as PresetName];
    if (!c) throw new UsageError(`unknown preset "${flags.preset}" (known: ${Object.keys(PRESETS).join(', ')})`);
    return c;
  }
  if (!flags.model) throw new UsageError('--model DIR is required');
  return readModelDir(flags.model).config;
}

export async function runCli(argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'info': {
      const flags = parseFlags(rest, { model: 'string', preset: 'string' });
      return JSON.stringify(modelInfo(configFrom(flags)), null, 2);
    }
    case undefined:
    case 'help':
    case '--help':
      return USAGE;
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  try {
    process.stdout.write((await runCli(process.argv.slice(2))) + '\n');
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${msg.split('\n')[0]}\n`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
