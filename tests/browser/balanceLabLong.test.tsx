/**
 * The Balance lab view with a long live run in Chromium: 130,000 steps (past the ~125,000 where
 * spreading the points into Math.min/max overflowed the stack) render every chart and the
 * heatmap, with each curve decimated for drawing.
 */
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import { LAB_INITIAL, type BalanceLabState } from '../../src/state/balanceLabSlice';
import type { LabPoint } from '../../src/train/lab/labRun';
import { BalanceLabView } from '../../src/viz/balancelab/BalanceLabView';

const point = (step: number): LabPoint => ({
  step,
  lmLoss: 7 - step / 1e5,
  expert: 1.1,
  device: 1,
  comm: 1,
  maxLoad: 2,
  entropy: 2.9,
  dropShare: 0,
  groupsMax: 2,
  tokensPerSec: 900 + (step % 200),
  f: [0, 1].map(() => Array.from({ length: 8 }, (_, e) => (e === step % 8 ? 2 : 6 / 7))),
});

describe('Balance lab view, long live run', () => {
  it('draws 130,000 steps without overflowing the stack', async () => {
    const n = 130_000;
    const lab: BalanceLabState = {
      ...LAB_INITIAL,
      status: 'ready',
      layers: [0, 1],
      experts: 8,
      points: Array.from({ length: n }, (_, i) => point(i + 1)),
    };
    const host = document.createElement('div');
    document.body.append(host);
    const errors: unknown[] = [];
    const root = createRoot(host, { onUncaughtError: (e) => errors.push(e) });
    const noop = () => {};
    root.render(
      <BalanceLabView
        lab={lab}
        onPlay={noop}
        onPause={noop}
        onStep={noop}
        onReset={noop}
        onPreset={noop}
        onChange={noop}
        onLoadRun={noop}
        onMessage={noop}
      />,
    );
    const lm = () => host.querySelector(`svg[aria-label^="LM loss over ${n} steps"]`);
    await vi.waitFor(() => expect(lm() ?? errors[0] ?? null).not.toBeNull(), { timeout: 30_000 });
    expect(errors).toEqual([]);
    expect(lm()).not.toBeNull();
    const d = lm()!.querySelector('path.bl-line')!.getAttribute('d')!;
    expect(d.split(/[ML]/).length - 1).toBeLessThan(1000);
    expect(host.querySelector(`svg[aria-label^="Per-expert load f of layer 1 over steps 1–${n}"]`)).not.toBeNull();
    expect(host.textContent).toContain(`step ${n}`);
    root.unmount();
    host.remove();
  });
});
