/**
 * The training progress bar on stderr: one line redrawn in place on a terminal, a plain line
 * every `every` steps otherwise (CI logs, pipes).
 *
 *   step  420/2000 [████░░░░░░░░░░░░]  21% | 712 tok/s | loss 3.412 | lm 3.398 | aux 0.0141 | ETA 37m12s
 */

export interface ProgressWriter {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressLine {
  step: number;
  total: number;
  tokensPerSec: number;
  loss: number;
  lmLoss: number;
  aux: number;
  /** seconds to the last step, null while unknown. */
  etaSec: number | null;
  valLoss?: number | null;
}

/** 3725 → "1h02m05s", 65 → "1m05s", 7 → "7s". */
export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${pad(m)}m${pad(r)}s`;
  if (m > 0) return `${m}m${pad(r)}s`;
  return `${r}s`;
}

/** The progress text (no newline). */
export function formatProgress(p: ProgressLine, barWidth = 16): string {
  const frac = p.total > 0 ? Math.min(1, p.step / p.total) : 0;
  const filled = Math.round(frac * barWidth);
  const bar = '█'.repeat(filled) + '░'.repeat(barWidth - filled);
  const width = String(p.total).length;
  const parts = [
    `step ${String(p.step).padStart(width)}/${p.total} [${bar}] ${String(Math.floor(frac * 100)).padStart(3)}%`,
    `${Math.round(p.tokensPerSec)} tok/s`,
    `loss ${p.loss.toFixed(3)}`,
    `lm ${p.lmLoss.toFixed(3)}`,
    `aux ${p.aux.toFixed(4)}`,
  ];
  if (p.valLoss !== undefined && p.valLoss !== null) parts.push(`val ${p.valLoss.toFixed(3)}`);
  parts.push(`ETA ${p.etaSec === null ? '?' : formatDuration(p.etaSec)}`);
  return parts.join(' | ');
}

/** Tokens/s and seconds per step over the last `window` steps. */
export class Throughput {
  private readonly samples: Array<{ tokens: number; ms: number }> = [];

  constructor(private readonly window = 20) {}

  add(tokens: number, ms: number): void {
    this.samples.push({ tokens, ms });
    if (this.samples.length > this.window) this.samples.shift();
  }

  get tokensPerSec(): number {
    const ms = this.samples.reduce((a, s) => a + s.ms, 0);
    return ms > 0 ? (1000 * this.samples.reduce((a, s) => a + s.tokens, 0)) / ms : 0;
  }

  get secPerStep(): number | null {
    if (this.samples.length === 0) return null;
    return this.samples.reduce((a, s) => a + s.ms, 0) / this.samples.length / 1000;
  }
}

/** Draws the bar: in place on a TTY, else a line every `every` steps and on `final`. */
export class ProgressBar {
  private drawn = false;

  constructor(
    private readonly out: ProgressWriter,
    private readonly every: number,
  ) {}

  update(p: ProgressLine, final = false): void {
    const text = formatProgress(p);
    if (this.out.isTTY) {
      const cols = this.out.columns ?? 120;
      this.out.write(`\r${text.slice(0, cols - 1).padEnd(Math.min(cols - 1, text.length))}\x1b[K`);
      this.drawn = true;
      if (final) this.newline();
    } else if (final || p.step % this.every === 0) {
      this.out.write(text + '\n');
    }
  }

  /** Ends the in-place line so a message can follow. */
  newline(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  /** A message on its own line, keeping the bar intact. */
  message(text: string): void {
    this.newline();
    this.out.write(text + '\n');
  }
}
