/**
 * `npm test`: every test layer, in order, then one closing line with the totals.
 *   0. check — tsc, ESLint (with the model-core import boundary), Prettier
 *   1. unit — vitest in Node
 *   2. browser — vitest browser mode in headless Chromium (WebGPU via --enable-unsafe-webgpu)
 *   3. stories — every story as a test (@storybook/addon-vitest), and `storybook build`
 *   4. e2e — the built app served on 127.0.0.1, driven by playwright-core
 * Extra arguments go to every vitest run (e.g. `npm test -- -t MLA`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from './chromium';

const extra = process.argv.slice(2);
const env = { ...process.env, CHROMIUM_PATH: ensureChromium() };
const tmp = mkdtempSync(join(tmpdir(), 'tinyseek-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function run(label: string, cmd: string, args: string[]): boolean {
  console.log(`\n▶ ${label}: ${[cmd, ...args].join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${label} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (!ok) failures.push(label);
  return ok;
}

function vitest(project: string): void {
  const out = join(tmp, `${project}.json`);
  run(project, 'npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${out}`,
    ...extra,
  ]);
  try {
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTotalTests: number;
    };
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests;
    if (report.numTotalTests === 0) {
      failures.push(`${project} ran no test`);
      totals.failed += 1;
    }
  } catch {
    failures.push(`${project} wrote no report`);
    totals.failed += 1;
  }
}

run('check', 'npm', ['run', '--silent', 'check']);
for (const project of ['unit', 'browser', 'stories', 'e2e']) vitest(project);
run('storybook build', 'npm', ['run', '--silent', 'build-storybook']);
rmSync(tmp, { recursive: true, force: true });

console.log(failures.length ? `\nFailed: ${failures.join(', ')}` : '\nEvery layer passed.');
console.log(
  `tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(failures.length ? 1 : 0);
