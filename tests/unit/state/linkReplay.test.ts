/**
 * A shared link reproduces the tokens on screen: it carries the settings of the run that made
 * them, not controls moved since (which apply to the next run, and the controls say so). A link's
 * numbers out of range are refused when it is read, with one line saying which and why.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { restoreFromHash, shareHash } from '../../../src/app/useUrlSync';
import type { TokenRecord } from '../../../src/session/records';
import { controlsChanged } from '../../../src/state/sessionSlice';
import { useAppStore } from '../../../src/state/store';
import { decodeUrlState, readUrlState } from '../../../src/state/urlState';
import { connectWorker } from '../../../src/state/workerLink';
import type { WorkerRequest } from '../../../src/worker/protocol';

const session = JSON.parse(readFileSync('stories/fixtures/session-story.json', 'utf8')) as {
  prompt: string;
  seed: number;
  sampling: { temperature: number; topK: number; topP: number };
  records: TokenRecord[];
};

describe('a shared link', () => {
  let sent: WorkerRequest[] = [];
  beforeEach(() => {
    sent = [];
    connectWorker('model', { send: (r) => sent.push(r) });
  });

  it('carries the settings of the run on screen after a control moves, and replays them', () => {
    const a = useAppStore.getState();
    a.setPrompt(session.prompt);
    a.setSeed(session.seed);
    a.setSampling(session.sampling);
    a.start();
    useAppStore.setState({ records: session.records, selected: session.records.length - 1, busy: false });
    expect(controlsChanged(useAppStore.getState())).toBe(false);
    a.setSampling({ temperature: 1.5 });
    a.setSeed(99);
    a.setPrompt('Another prompt');
    expect(controlsChanged(useAppStore.getState())).toBe(true);

    const link = decodeUrlState(shareHash(useAppStore.getState()));
    expect(link).toMatchObject({ prompt: session.prompt, seed: session.seed, sampling: session.sampling });

    // opening the link runs the same request that made the tokens on screen
    restoreFromHash(shareHash(useAppStore.getState()));
    a.start();
    expect(sent.at(-1)).toMatchObject({
      type: 'start',
      session: { prompt: session.prompt, seed: session.seed, sampling: session.sampling },
    });
  });

  it('refuses a seed outside the safe integers, and every other number out of range, naming the range', () => {
    const { state, refused } = readUrlState('#prompt=hi&seed=1e308&temp=0.7&topk=20&topp=0.9');
    expect(state).toEqual({ prompt: 'hi', sampling: { temperature: 0.7, topK: 20, topP: 0.9 } });
    expect(refused.map((r) => r.key)).toEqual(['seed']);
    for (const [key, value] of [
      ['temp', '99'],
      ['topk', '1e300'],
      ['topp', '0'],
      ['n', '1e9'],
      ['sel', '1e300'],
      ['layer', '1e300'],
      ['seed', '-9007199254740993'],
    ]) {
      const r = readUrlState(`#${key}=${value}`);
      expect(r.refused.map((x) => x.key)).toEqual([key]);
    }
    expect(restoreFromHash('#prompt=hi&seed=1e308')).toBeNull();
    const s = useAppStore.getState();
    expect(s.seed).not.toBe(1e308);
    expect(s.linkNotice).toBe(
      "This link's seed=1e308 (must be an integer from −(2^53 − 1) to 2^53 − 1) was out of range and left at the default.",
    );
    restoreFromHash('#prompt=hi&seed=5');
    expect(useAppStore.getState().linkNotice).toBeNull();
  });
});
