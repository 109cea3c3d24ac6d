import { describe, expect, it } from 'vitest';
import { ProgressBar, Throughput, formatDuration, formatProgress } from '../../../src/cli/trainProgress';

describe('training progress bar', () => {
  it('formats durations', () => {
    expect(formatDuration(7)).toBe('7s');
    expect(formatDuration(65)).toBe('1m05s');
    expect(formatDuration(3725)).toBe('1h02m05s');
  });

  it('shows step, bar, tokens/s, loss, aux loss and ETA', () => {
    const line = formatProgress(
      {
        step: 420,
        total: 2000,
        tokensPerSec: 711.6,
        loss: 3.41234,
        lmLoss: 3.398,
        aux: 0.01412,
        etaSec: 2232,
        valLoss: 3.5,
      },
      10,
    );
    expect(line).toBe(
      'step  420/2000 [██░░░░░░░░]  21% | 712 tok/s | loss 3.412 | lm 3.398 | aux 0.0141 | val 3.500 | ETA 37m12s',
    );
  });

  it('averages throughput over a window; draws in place on a TTY, every N steps otherwise', () => {
    const t = new Throughput(2);
    t.add(100, 1000);
    t.add(100, 500);
    t.add(300, 500);
    expect(t.tokensPerSec).toBe(400);
    expect(t.secPerStep).toBe(0.5);
    const p = { step: 1, total: 4, tokensPerSec: 1, loss: 1, lmLoss: 1, aux: 0, etaSec: null };
    const tty: string[] = [];
    const bar = new ProgressBar({ write: (s: string) => tty.push(s), isTTY: true, columns: 200 }, 2);
    bar.update(p);
    bar.message('hello');
    expect(tty[0].startsWith('\rstep 1/4')).toBe(true);
    expect(tty.slice(1)).toEqual(['\n', 'hello\n']);
    const pipe: string[] = [];
    const plain = new ProgressBar({ write: (s: string) => pipe.push(s) }, 2);
    for (let step = 1; step <= 3; step++) plain.update({ ...p, step }, step === 3);
    expect(pipe.map((s) => s.slice(0, 8))).toEqual(['step 2/4', 'step 3/4']);
  });
});
