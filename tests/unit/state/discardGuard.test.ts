/**
 * Nothing throws a lab's run away without asking: Reset, a preset, a setting that restarts the
 * run, loading a run file and GRPO's Restart all ask first, and a "no" keeps the run and sends
 * nothing. A lab's worker is started once, on the first visit, and outlives its page.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labStarted, startLabOnce } from '../../../src/app/labs/labWorkers';
import { readLabRun } from '../../../src/train/lab/labRun';
import { LAB_INITIAL } from '../../../src/state/balanceLabSlice';
import { setDiscardQuestion } from '../../../src/state/discardGuard';
import { initialGrpoLab } from '../../../src/state/grpoSlice';
import { useAppStore } from '../../../src/state/store';
import { connectWorker } from '../../../src/state/workerLink';

const run = readLabRun(readFileSync('stories/fixtures/balance-lab-collapse.json', 'utf8'));
const lab = () => useAppStore.getState().balanceLab;
let sent: unknown[] = [];
let asked: number[] = [];
let answer = false;

describe('asking before a run is thrown away', () => {
  beforeEach(() => {
    sent = [];
    asked = [];
    connectWorker('balanceLab', { send: (r) => sent.push(r) });
    connectWorker('grpo', { send: (r) => sent.push(r) });
    const ask = (steps: number) => (asked.push(steps), answer);
    setDiscardQuestion('balanceLab', ask);
    setDiscardQuestion('grpo', ask);
    useAppStore.setState({
      balanceLab: { ...LAB_INITIAL, status: 'ready', layers: run.layers, experts: 8, points: run.points },
    });
  });
  afterEach(() => {
    setDiscardQuestion('balanceLab', null);
    setDiscardQuestion('grpo', null);
  });

  it('a "no" keeps the Balance lab run and sends nothing', () => {
    answer = false;
    const a = useAppStore.getState();
    a.labReset();
    a.labApplyPreset('balanced');
    a.labSetSettings({ seed: 7 }); // restarts the run
    a.labShowRun(run);
    expect(asked).toEqual([run.points.length, run.points.length, run.points.length, run.points.length]);
    expect(sent).toEqual([]);
    expect(lab().points).toBe(run.points);
    expect(lab().loadedFrom).toBeNull();
    a.labSetSettings({ alphaExpert: 0.01 }); // a live change keeps the run: nothing to ask
    expect(asked).toHaveLength(4);
    expect(sent).toMatchObject([{ type: 'update' }]);
  });

  it('a "yes" resets; a run with no step, or a loaded run, is not asked about', () => {
    answer = true;
    useAppStore.getState().labReset();
    expect(asked).toEqual([run.points.length]);
    expect(sent).toMatchObject([{ type: 'reset' }]);
    expect(lab().points).toEqual([]);
    useAppStore.getState().labReset();
    useAppStore.getState().labShowRun(run);
    useAppStore.getState().labReset(); // a loaded run is still in its file
    expect(asked).toHaveLength(1);
  });

  it("GRPO's Restart asks, and a no keeps the steps", () => {
    answer = false;
    const history = [{ step: 1, meanReward: 0.5, loss: 0.1, kl: 0, skipped: 0 }];
    useAppStore.setState({ grpo: { ...initialGrpoLab(), status: 'ready', history } });
    useAppStore.getState().grpoRestart();
    expect(asked).toEqual([1]);
    expect(sent).toEqual([]);
    expect(useAppStore.getState().grpo.history).toBe(history);
  });

  it("a lab's worker starts on the first visit only", () => {
    let starts = 0;
    expect(labStarted('grpo')).toBe(false);
    expect(startLabOnce('grpo', () => starts++)).toBe(true);
    expect(startLabOnce('grpo', () => starts++)).toBe(false);
    expect(starts).toBe(1);
    expect(labStarted('grpo')).toBe(true);
  });
});
