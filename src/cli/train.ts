/**
 * `npm run train -- [--config FILE] [--resume] [--out DIR] [--steps N] [--max-minutes M] [--export DIR] [--workers N]`
 *
 * Trains TinySeek in Node on the tfjs wasm backend (cpu if wasm fails), with the same model code
 * the browser runs. Progress on stderr; checkpoint and `train-log.jsonl` in --out. Ctrl-C stops
 * after the current step and checkpoints (a second Ctrl-C quits at once). Bad input or a
 * diverged run: one line on stderr, exit status 1, no checkpoint written.
 */
import { parseFlags, UsageError } from './args';
import { DEFAULT_CONFIG, DEFAULT_OUT, runTraining, type TrainIo, type TrainResult } from './trainRun';

export const USAGE = `usage: npm run train -- [flags]
  --config FILE      run config (model, train, data, cadence); default ${DEFAULT_CONFIG},
                     or the checkpoint's own with --resume
  --resume           continue the checkpoint in --out exactly where it stopped
  --out DIR          checkpoint and train-log.jsonl folder (default ${DEFAULT_OUT})
  --steps N          stop once N updates are done (default: train.steps; the schedule keeps train.steps)
  --max-minutes M    stop cleanly after M minutes of training in this run, with a checkpoint
  --export DIR       then write config.json, model.safetensors, generation_config.json to DIR
  --workers N        worker threads computing the steps (default 1; N > 1 splits each batch, data-parallel;
                     0 trains in this thread); a resume is bit-exact for the same N (0 and 1 count as one)`;

const FLAGS = {
  config: 'string',
  resume: 'boolean',
  out: 'string',
  steps: 'number',
  'max-minutes': 'number',
  export: 'string',
  workers: 'number',
  help: 'boolean',
} as const;

/** Parses argv and runs; returns the exit status. Every error is one line on io.stderr. */
export async function trainMain(argv: string[], io: TrainIo): Promise<number> {
  let result: TrainResult;
  try {
    const f = parseFlags(argv, FLAGS);
    if (f.help) {
      io.stderr.write(USAGE + '\n');
      return 0;
    }
    result = await runTraining(
      {
        config: f.config,
        resume: f.resume,
        out: f.out,
        steps: f.steps,
        maxMinutes: f['max-minutes'],
        export: f.export,
        workers: f.workers,
      },
      io,
    );
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    io.stderr.write(`train: ${msg}${e instanceof UsageError ? ' (--help for usage)' : ''}\n`);
    return 1;
  }
  const how = { steps: 'done', time: 'time budget reached', interrupt: 'interrupted' }[result.reason];
  io.stderr.write(`train: ${how} at step ${result.step} on ${result.backend}\n`);
  return 0;
}

async function main(): Promise<void> {
  let interrupts = 0;
  process.on('SIGINT', () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write('\ntrain: stopping after this step (Ctrl-C again to quit now)\n');
  });
  process.exitCode = await trainMain(process.argv.slice(2), {
    stderr: process.stderr,
    stopRequested: () => interrupts > 0,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
