import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrpoLine } from '../../../src/cli/grpo';
import { writeFixtureModel } from '../cli/fixtureModel';
import { cli } from '../cli/runCli';

const dir = join(tmpdir(), `tinyseek-grpo-cli-${process.pid}`);

beforeAll(() => {
  writeFixtureModel(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run cli -- grpo', () => {
  it('prints one JSON line per step (and step 0) with prompts, rewards, advantages, loss, KL and held-out accuracy', async () => {
    const r = await cli([
      'grpo',
      '--model',
      dir,
      '--steps',
      '2',
      '--group',
      '3',
      '--prompts',
      '2',
      '--seed',
      '5',
      '--heldout',
      '3',
      '--eval-every',
      '2',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as GrpoLine);
    expect(lines.map((l) => l.step)).toEqual([0, 1, 2]);
    expect(lines[0].heldOut).toMatchObject({ n: 3 });
    expect(lines[1].heldOut).toBeNull();
    expect(lines[2].heldOut?.n).toBe(3);
    for (const l of lines.slice(1)) {
      expect(l.task).toBe('addition');
      expect(l.groups).toHaveLength(2);
      for (const g of l.groups) {
        expect(g.prompt).toMatch(/^\d\d\+\d\d=$/);
        expect(g.rewards).toHaveLength(3);
        expect(g.advantages).toHaveLength(3);
        expect(Math.abs(g.advantages.reduce((a, b) => a + b, 0))).toBeLessThan(1e-3);
      }
      expect(typeof l.meanReward).toBe('number');
    }
  });

  it('bad settings: one line on stderr, nothing on stdout', async () => {
    for (const [flags, message] of [
      [['--group', '1'], 'error: the group size G must be an integer ≥ 2 (a group needs a baseline), got 1'],
      [['--beta', '-1'], 'error: the KL coefficient β must be a number in [0, 10], got -1'],
      [['--epsilon', '-0.5'], 'error: the clip range ε must be a number ≥ 0, got -0.5'],
      [
        ['--task', 'chess'],
        'error: --task must be one of addition, addition-digits, story-word, story-length, got "chess"',
      ],
    ] as const) {
      const r = await cli(['grpo', '--model', dir, '--steps', '1', ...flags]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(message + '\n');
    }
  });
});
