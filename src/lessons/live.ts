/**
 * Reading the live state for the lessons' answers: the selected token's record, its layer, the
 * lab's progress; and checking a guess against an answer. Pure functions of the store's state.
 */
import type { AppState } from '../state/store';
import type { TokenLayer, TokenRecord } from '../session/records';
import type { LiveAnswer } from './types';

/** Why there is no answer yet, as a waiting answer. */
export const waiting = (why: string): LiveAnswer => ({ kind: 'waiting', why });

/** The selected token's record, once the model has run; null before. */
export function selectedRecord(s: AppState): TokenRecord | null {
  if (!s.model || s.busy || s.records.length === 0) return null;
  return s.records[Math.max(0, Math.min(s.selected, s.records.length - 1))] ?? null;
}

/** The selected token's record at the shown layer. */
export function selectedLayer(s: AppState): TokenLayer | null {
  return selectedRecord(s)?.layers.find((l) => l.layer === s.layer) ?? null;
}

export const NO_TOKENS = 'the model has not read the prompt yet';

/** Numbers as a student reads them: 1,234 and 12.3 (three significant digits below 1000). */
export function shown(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 1000 || Number.isInteger(n)) return Math.round(n).toLocaleString('en-US');
  return Number(n.toPrecision(3)).toString();
}

/** A typed guess as a number (commas, spaces and a trailing % allowed); null when it is not one. */
export function parseGuess(text: string): number | null {
  const t = text
    .replace(/[,\s_]/g, '')
    .replace(/%$/, '')
    .replace('−', '-');
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  return Number(t);
}

/** Whether a numeric guess is right: within `tolerance` of the value (relative), exact when 0. */
export function isClose(guess: number, value: number, tolerance = 0): boolean {
  if (tolerance === 0) return guess === value;
  return Math.abs(guess - value) <= tolerance * Math.max(Math.abs(value), 1e-12);
}
