/**
 * The lessons against a real session recorded from the shipped model (stories/fixtures): every
 * step's answer is computed from the state, never typed in, and the classroom URL round-trips.
 */
import { describe, expect, it } from 'vitest';
import session from '../../../stories/fixtures/session-story.json';
import { kvCacheElementsPerTokenPerLayer, parameterCounts } from '../../../src/model/sizes';
import { rlMemory } from '../../../src/rl/rlMemory';
import { LESSONS, lessonById } from '../../../src/lessons';
import { isClose, parseGuess, selectedLayer, shown } from '../../../src/lessons/live';
import { judge } from '../../../src/lessons/QuestionCard';
import { setupAt } from '../../../src/lessons/lessonStore';
import { BALANCE_STEPS } from '../../../src/lessons/lesson5Balance';
import { useAppStore, type AppState } from '../../../src/state/store';
import { decodeClassroom, encodeClassroom } from '../../../src/state/urlState';
import { buildClassroomLink } from '../../../src/classroom/LinkBuilder';
import { hiddenCss, HIDEABLE } from '../../../src/classroom/controls';
import type { TokenRecord } from '../../../src/session/records';
import type { LoadedModelInfo } from '../../../src/worker/protocol';
import { parseLabRun } from '../../../src/train/lab/labRun';
import v3biasRun from '../../../stories/fixtures/balance-lab-v3bias.json';

const fixture = session as unknown as { config: LoadedModelInfo['config']; records: TokenRecord[] };

/** The app's state with the recorded session loaded and its last token selected. */
function withSession(patch: Partial<AppState> = {}): AppState {
  return {
    ...useAppStore.getState(),
    model: { name: 'tinyseek', config: fixture.config, untrained: false } as LoadedModelInfo,
    loadState: 'ready',
    records: fixture.records,
    selected: fixture.records.length - 1,
    layer: 1,
    busy: false,
    ...patch,
  };
}

describe('lessons', () => {
  it('come in the issue’s order, each with a few steps', () => {
    expect(LESSONS.map((l) => l.id)).toEqual(['tokens', 'mla', 'rope', 'experts', 'balance', 'grpo', 'v3-bias']);
    for (const l of LESSONS) {
      expect(l.steps.length).toBeGreaterThanOrEqual(3);
      expect(lessonById(l.id)).toBe(l);
      for (const s of l.steps) {
        expect(s.question.prompt.length).toBeGreaterThan(10);
        if (s.question.kind === 'choice') expect(s.question.choices!.length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('set up a later step with the earlier steps’ prompt and lab settings under its own', () => {
    const experts = lessonById('experts')!;
    expect(setupAt(experts, 2)).toMatchObject({ prompt: experts.steps[0].setup.prompt, layer: 2, view: 'routing' });
    const balance = lessonById('balance')!;
    expect(setupAt(balance, 1)).toEqual({ page: 'balance-lab', labPreset: 'balanced' });
    expect(setupAt(balance, 2)).toMatchObject({ labPreset: 'balanced', labSettings: { topkGroup: 1 } });
  });

  it('wait for the model instead of answering before it has run', () => {
    const empty = { ...useAppStore.getState(), model: null, records: [] } as AppState;
    for (const id of ['tokens', 'mla', 'rope', 'experts'])
      expect(lessonById(id)!.steps[0].question.answer(empty).kind).toBe('waiting');
  });

  it('answer from the recorded tokens of the real model', () => {
    const s = withSession();
    const l = selectedLayer(s)!;
    const mla = lessonById('mla')!.steps[0].question.answer(s);
    expect(mla).toMatchObject({ kind: 'number', value: l.cKV.length + l.kR.length });
    expect(mla.kind === 'number' && mla.value).toBe(kvCacheElementsPerTokenPerLayer(fixture.config).mla);
    const bytes = lessonById('mla')!.steps[3].question.answer(s);
    expect(bytes).toMatchObject({ kind: 'number', value: fixture.records.at(-1)!.cacheBytes });
    const tokens = lessonById('tokens')!.steps[0].question.answer(s);
    expect(tokens).toMatchObject({ value: fixture.records.filter((r) => r.source === 'prompt').length });
    const routed = lessonById('experts')!.steps[0].question.answer(s);
    expect(routed).toMatchObject({ value: l.routing!.experts.length });
    const share = lessonById('experts')!.steps[3].question.answer(s);
    const c = parameterCounts(fixture.config);
    expect(share.kind === 'number' && share.value).toBeCloseTo((100 * c.activated) / c.total, 10);
    // the same value model the GRPO lab's PPO panel shows
    const valueModel = lessonById('grpo')!.steps[1].question.answer(s);
    expect(valueModel).toMatchObject({ kind: 'number', value: rlMemory(fixture.config).valueParams });
    const absorbed = lessonById('rope')!.steps[2].question.answer(s);
    expect(absorbed).toMatchObject({ kind: 'choice', index: 2 }); // naive and absorbed agree to rounding
  });

  it('answer the lab lessons only once the lab has run', () => {
    const s0 = withSession();
    expect(lessonById('balance')!.steps[0].question.answer(s0)).toMatchObject({ kind: 'waiting' });
    const point = {
      step: 1,
      lmLoss: 3,
      expert: 1.5,
      device: 1,
      comm: 1,
      maxLoad: 2.5,
      entropy: 3,
      dropShare: 0,
      groupsMax: 1,
      tokensPerSec: 100,
      f: [],
    };
    const points = Array.from({ length: BALANCE_STEPS }, (_, i) => ({ ...point, step: i + 1 }));
    const s1 = withSession({ balanceLab: { ...s0.balanceLab, points } });
    expect(lessonById('balance')!.steps[0].question.answer(s1)).toMatchObject({ kind: 'number', value: 2.5 });
    expect(lessonById('grpo')!.steps[2].question.answer(s0)).toMatchObject({ kind: 'waiting' });
  });

  it('answer lesson 7 from a recorded V3 bias run: the load stays even, the busiest experts end with the lowest bias', () => {
    const v3 = lessonById('v3-bias')!;
    expect(setupAt(v3, 2)).toMatchObject({ page: 'balance-lab', labPreset: 'v3bias', labSettings: { gamma: 0.001 } });
    const s0 = withSession();
    for (const step of v3.steps) expect(step.question.answer(s0)).toMatchObject({ kind: 'waiting' });
    const run = parseLabRun(v3biasRun); // the real trainer, seed 1, 160 steps (npm run record-balance-lab)
    const s1 = withSession({ balanceLab: { ...s0.balanceLab, settings: run.settings, points: run.points } });
    const last = run.points.at(-1)!;
    expect(v3.steps[0].question.answer(s1)).toMatchObject({ kind: 'number', value: last.maxLoad });
    const where = v3.steps[1].question.answer(s1);
    expect(where).toMatchObject({ kind: 'choice', index: 0 });
    expect(where.kind === 'choice' && where.explain).toMatch(/carried the most load/);
  });
});

describe('guesses', () => {
  it('parse numbers as people type them', () => {
    expect(parseGuess('1,234')).toBe(1234);
    expect(parseGuess(' 72 ')).toBe(72);
    expect(parseGuess('12.5%')).toBe(12.5);
    expect(parseGuess('2e3')).toBe(2000);
    expect(parseGuess('seventy')).toBeNull();
    expect(parseGuess('')).toBeNull();
  });
  it('are judged exactly or within the answer’s tolerance', () => {
    expect(isClose(72, 72)).toBe(true);
    expect(isClose(71, 72)).toBe(false);
    expect(isClose(80, 72, 0.15)).toBe(true);
    expect(judge('72', { kind: 'number', value: 72, shown: '72', explain: '' })).toBe(true);
    expect(judge('1', { kind: 'choice', index: 1, explain: '' })).toBe(true);
    expect(judge('', { kind: 'choice', index: 1, explain: '' })).toBeNull();
    expect(shown(1234567)).toBe('1,234,567');
    expect(shown(0.012345)).toBe('0.0123');
  });
});

describe('classroom links', () => {
  it('round-trip the lesson, step, hidden controls and presenter mode, keeping other parameters', () => {
    const search = encodeClassroom(
      { lesson: 'mla', step: 2, hide: ['prompt', 'sampling'], presenter: true },
      '?backend=wasm',
    );
    expect(search).toBe('?backend=wasm&lesson=mla&step=3&hide=prompt,sampling&presenter=1');
    expect(decodeClassroom(search)).toEqual({ lesson: 'mla', step: 2, hide: ['prompt', 'sampling'], presenter: true });
    expect(encodeClassroom({ lesson: null, step: 0, hide: [], presenter: false }, '?lesson=x&step=2')).toBe('');
  });
  it('leave malformed parts out', () => {
    expect(decodeClassroom('?lesson=<script>&step=-3&hide=ok,Bad Id&presenter=yes')).toEqual({
      lesson: null,
      step: 0,
      hide: ['ok'],
      presenter: false,
    });
  });
  it('are built from the page address, with or without the app state', () => {
    const href = 'https://school.example/tinyseek/?backend=wasm#prompt=hi&n=3';
    const o = { lesson: 'experts', step: 1, hide: ['tabs'], presenter: false, keepState: false };
    expect(buildClassroomLink(href, o)).toBe(
      'https://school.example/tinyseek/?backend=wasm&lesson=experts&step=2&hide=tabs',
    );
    expect(buildClassroomLink(href, { ...o, lesson: null, keepState: true })).toBe(
      'https://school.example/tinyseek/?backend=wasm&hide=tabs#prompt=hi&n=3',
    );
  });
  it('hide what they name, and never the data tables', () => {
    expect(hiddenCss(['prompt', 'view-kv'])).toBe(
      ".prompt-bar,\n.views > .kv, .view-menu [data-view='kv'] { display: none !important; }",
    );
    expect(hiddenCss([])).toBe('');
    expect(HIDEABLE.some((c) => c.selector.includes('viz-data'))).toBe(false);
  });
});
