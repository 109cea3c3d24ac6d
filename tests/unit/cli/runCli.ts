/** Runs the CLI in this process (runCli with captured streams) or as a real `tsx src/cli/main.ts` process. */
import { spawn } from 'node:child_process';
import { runCli } from '../../../src/cli/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** how many writes reached stdout (streaming shows as more than one). */
  stdoutWrites: number;
}

export async function cli(argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  });
  return { code, stdout: out.join(''), stderr: err.join(''), stdoutWrites: out.length };
}

export function cliProcess(argv: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const p = spawn('node_modules/.bin/tsx', ['src/cli/main.ts', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    const err: string[] = [];
    p.stdout.on('data', (b: Buffer) => out.push(b.toString()));
    p.stderr.on('data', (b: Buffer) => err.push(b.toString()));
    p.on('error', reject);
    p.on('close', (code) =>
      resolve({ code: code ?? -1, stdout: out.join(''), stderr: err.join(''), stdoutWrites: out.length }),
    );
  });
}
