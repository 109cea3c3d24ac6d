/**
 * Reads a training log (train-log.jsonl, one JSON event per line, written by src/cli/trainRun.ts)
 * into what the model card reports: the run config, tokens seen, time, and the loss curve
 * averaged over a few step ranges. Pure: the caller reads the file.
 */
import type { TrainRunConfig } from './trainConfig';

export interface LoggedStep {
  step: number;
  /** total loss (LM + balance terms), nats. */
  loss: number;
  /** next-token cross-entropy, nats per token. */
  lmLoss: number;
  /** cumulative training tokens after this step. */
  tokensSeen: number;
  /** cumulative seconds inside training steps (kept across resumes). */
  elapsedSec: number;
}

export interface TrainLogSummary {
  /** the config of the first `start` event, or null when the log has none. */
  run: TrainRunConfig | null;
  /** of the last session that trained. */
  backend: string | null;
  workers: number | null;
  /** tokens of the encoded training corpus (bos/eos included), from the start event. */
  corpusTokens: number | null;
  /** logged steps by step number (a step re-run after a resume keeps its last entry). */
  steps: LoggedStep[];
  /** validation loss (nats per token, bos/eos included) by step. */
  evals: { step: number; valLoss: number }[];
  /** resumed sessions that trained (a resume only to --export does not count). */
  resumes: number;
  /** ISO time of the first start, and of the last end of a session that trained. */
  startTime: string | null;
  endTime: string | null;
  /** the last event's step. */
  finalStep: number;
}

/** One row of the summarised loss curve. */
export interface CurveRow {
  from: number;
  to: number;
  /** mean LM loss of the logged steps in [from, to]. */
  lmLoss: number;
  /** the last validation loss in [from, to], or null. */
  valLoss: number | null;
}

type Event = Record<string, unknown> & { event?: string; step?: number };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Parses the log text; lines that are not JSON objects are skipped (a run killed mid-write). */
export function parseTrainLog(text: string): TrainLogSummary {
  const byStep = new Map<number, LoggedStep>();
  const evals = new Map<number, number>();
  const s: TrainLogSummary = {
    run: null,
    backend: null,
    workers: null,
    corpusTokens: null,
    steps: [],
    evals: [],
    resumes: 0,
    startTime: null,
    endTime: null,
    finalStep: 0,
  };
  let session: Event | null = null; // the start or resume event of the current session
  let trained = false; // the current session logged a step
  for (const line of text.split('\n')) {
    let e: Event;
    try {
      e = JSON.parse(line) as Event;
    } catch {
      continue;
    }
    if (typeof e !== 'object' || e === null) continue;
    const step = num(e.step);
    if (step !== null) s.finalStep = step;
    if (e.event === 'start' && s.run === null) {
      s.run = (e.run as TrainRunConfig) ?? null;
      s.startTime = typeof e.time === 'string' ? e.time : null;
    }
    if (e.event === 'start' || e.event === 'resume') {
      session = e;
      trained = false;
      s.corpusTokens = num(e.corpusTokens) ?? s.corpusTokens;
    }
    if (e.event === 'end' && trained && typeof e.time === 'string') s.endTime = e.time;
    if (e.event === 'eval' && step !== null && num(e.valLoss) !== null) evals.set(step, e.valLoss as number);
    if (e.event === 'step' && step !== null) {
      const [loss, lmLoss, tokensSeen, elapsedSec] = [e.loss, e.lmLoss, e.tokensSeen, e.elapsedSec].map(num);
      if (loss === null || lmLoss === null || tokensSeen === null || elapsedSec === null) continue;
      byStep.set(step, { step, loss, lmLoss, tokensSeen, elapsedSec });
      if (!trained && session) {
        if (session.event === 'resume') s.resumes++;
        s.backend = typeof session.backend === 'string' ? session.backend : s.backend;
        s.workers = num(session.workers) ?? s.workers;
      }
      trained = true;
    }
  }
  s.steps = [...byStep.values()].sort((a, b) => a.step - b.step);
  s.evals = [...evals].map(([step, valLoss]) => ({ step, valLoss })).sort((a, b) => a.step - b.step);
  return s;
}

/** The loss curve in `rows` equal step ranges (fewer when there are fewer logged steps). */
export function lossCurve(s: TrainLogSummary, rows: number): CurveRow[] {
  if (s.steps.length === 0) return [];
  const last = s.steps[s.steps.length - 1].step;
  const n = Math.max(1, Math.min(rows, s.steps.length));
  const out: CurveRow[] = [];
  for (let i = 0; i < n; i++) {
    const from = i === 0 ? 1 : Math.floor((last * i) / n) + 1;
    const to = Math.floor((last * (i + 1)) / n);
    const inRange = s.steps.filter((x) => x.step >= from && x.step <= to);
    if (inRange.length === 0) continue;
    const vals = s.evals.filter((x) => x.step >= from && x.step <= to);
    out.push({
      from,
      to,
      lmLoss: inRange.reduce((a, x) => a + x.lmLoss, 0) / inRange.length,
      valLoss: vals.length ? vals[vals.length - 1].valLoss : null,
    });
  }
  return out;
}

const BARS = '▁▂▃▄▅▆▇█';

/** The LM loss as a one-line bar chart of `width` step ranges, high loss = tall bar. */
export function sparkline(s: TrainLogSummary, width: number): string {
  const rows = lossCurve(s, width);
  if (rows.length === 0) return '';
  const lo = Math.min(...rows.map((r) => r.lmLoss));
  const hi = Math.max(...rows.map((r) => r.lmLoss));
  const span = hi - lo || 1;
  return rows.map((r) => BARS[Math.round(((r.lmLoss - lo) / span) * (BARS.length - 1))]).join('');
}
