/**
 * The prompt, the sampling settings and the tokens so far, with the stepping controls. Tokens come
 * from the worker one at a time: a request is in flight at most once, and play keeps asking for
 * the next token until it is paused, reaches `maxNew`, fills the context or, unless `pastEnd` is
 * set, the model emits the end-of-text token.
 */
import type { StateCreator } from 'zustand';
import type { SamplingOptions } from '../model/sampling';
import type { TokenRecord } from '../session/records';
import { capPrompt } from './promptCap';
import { newRequestId, sendTo } from './workerLink';

/** What a run was made with: the tokens on screen, and a link to them, follow these, not the controls. */
export interface RunSettings {
  prompt: string;
  sampling: SamplingOptions;
  seed: number;
}

export interface SessionSlice {
  prompt: string;
  sampling: SamplingOptions;
  seed: number;
  /** generation goes on after the model emits the end-of-text token (by default it stops there). */
  pastEnd: boolean;
  /** new tokens play generates at most. */
  maxNew: number;
  /** one per position: the prompt's tokens, then the generated ones. */
  records: TokenRecord[];
  /** the position every view shows; -1 before a prompt has run. */
  selected: number;
  playing: boolean;
  /** a request is with the worker. */
  busy: boolean;
  /** generate at least this many tokens without play (a step, or restoring a shared link). */
  target: number;
  /** the id of the session the events must carry. */
  sessionId: number;
  contextFull: boolean;
  /** prompt tokens dropped to fit the context. */
  truncated: number;
  /** characters cut from the last text put in the prompt box, over PROMPT_MAX_CHARS; 0 when it fitted. */
  promptCut: number;
  sessionError: string | null;
  /** the settings of the run on screen; null before the first run. */
  ran: RunSettings | null;
  /** what a shared link asked for that was refused (one line); null when nothing was. */
  linkNotice: string | null;
  setPrompt: (prompt: string) => void;
  setSampling: (s: Partial<SamplingOptions>) => void;
  setSeed: (seed: number) => void;
  setPastEnd: (pastEnd: boolean) => void;
  /** runs the prompt from scratch; `generate` new tokens follow without play. */
  start: (generate?: number) => void;
  stepForward: () => void;
  stepBack: () => void;
  select: (index: number) => void;
  play: () => void;
  pause: () => void;
  togglePlay: () => void;
  /** asks the worker for the next token when play or the target wants one; called after every event. */
  pump: () => void;
}

/** The sampling controls differ from the run on screen: a change applies to the next run. */
export const controlsChanged = (s: { ran: RunSettings | null; sampling: SamplingOptions; seed: number }): boolean =>
  s.ran !== null &&
  (s.seed !== s.ran.seed ||
    s.sampling.temperature !== s.ran.sampling.temperature ||
    s.sampling.topK !== s.ran.sampling.topK ||
    s.sampling.topP !== s.ran.sampling.topP);

export const generatedCount = (records: readonly TokenRecord[]) =>
  records.reduce((n, r) => n + (r.source === 'generated' ? 1 : 0), 0);

/** The last token is the end of text and generation stops there: nothing more to generate. */
export const endedText = (s: { records: readonly TokenRecord[]; pastEnd: boolean }) =>
  !s.pastEnd && s.records.length > 0 && s.records[s.records.length - 1].endOfText === true;

export const createSessionSlice: StateCreator<SessionSlice, [], [], SessionSlice> = (set, get) => ({
  prompt: 'Once upon a time, there was a little rabbit who',
  sampling: { temperature: 0.8, topK: 40, topP: 0.95 },
  seed: 1,
  pastEnd: false,
  maxNew: 48,
  records: [],
  selected: -1,
  playing: false,
  busy: false,
  target: 0,
  sessionId: 0,
  contextFull: false,
  truncated: 0,
  promptCut: 0,
  sessionError: null,
  ran: null,
  linkNotice: null,
  setPrompt: (prompt) => set(capPrompt(prompt)),
  setSampling: (s) => set({ sampling: { ...get().sampling, ...s }, linkNotice: null }),
  setSeed: (seed) => set({ seed, linkNotice: null }),
  setPastEnd: (pastEnd) => {
    set({ pastEnd });
    get().pump();
  },
  start: (generate = 0) => {
    const { prompt, sampling, seed } = get();
    const id = newRequestId();
    set({
      sessionId: id,
      records: [],
      selected: -1,
      busy: true,
      target: generate,
      contextFull: false,
      sessionError: null,
      truncated: 0,
      ran: { prompt, sampling, seed },
    });
    sendTo('model', { type: 'start', id, session: { prompt, sampling, seed } });
  },
  stepForward: () => {
    const { selected, records } = get();
    if (selected < records.length - 1) return set({ selected: selected + 1 });
    if (endedText(get())) return;
    set({ target: generatedCount(records) + 1 });
    get().pump();
  },
  stepBack: () => set({ selected: Math.max(0, get().selected - 1) }),
  select: (index) => {
    const n = get().records.length;
    if (n > 0) set({ selected: Math.min(n - 1, Math.max(0, index)) });
  },
  play: () => {
    set({ playing: true });
    get().pump();
  },
  pause: () => set({ playing: false, target: generatedCount(get().records) }),
  togglePlay: () => (get().playing ? get().pause() : get().play()),
  pump: () => {
    const s = get();
    if (s.busy || s.contextFull || s.records.length === 0) return;
    const made = generatedCount(s.records);
    const wanted = !endedText(s) && (s.target > made || (s.playing && made < s.maxNew));
    if (!wanted) {
      if (s.playing || s.target > made) set({ playing: false, target: Math.min(s.target, made) });
      return;
    }
    set({ busy: true });
    sendTo('model', { type: 'next', id: s.sessionId });
  },
});
