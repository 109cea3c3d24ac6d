/**
 * The classic demonstration, with the lab's own one-click presets and the CLI's training step:
 * trained from scratch with every balance loss off, routing concentrates on a few experts; with
 * α1 = 0.02 the load stays near uniform; with DeepSeek-V3's bias balancing (every α = 0, the bias
 * moved by γ = 0.01 after each step) it stays near uniform too. LAB_SMALL (8 routed experts, top-2), seed 1, lr 0.03,
 * B = 8, T = 32. The measure: in the busier MoE layer, the share of all token–expert assignments
 * taken by its two busiest experts (uniform routing: 2/8 = 25%), averaged over steps 121–160.
 */
import '@tensorflow/tfjs-core'; // the Node bundle before its gradients, or they register in another engine
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from '../../../../src/runtime/nodeBackend';
import type { LabStepEvent } from '../../../../src/train/lab/labEvents';
import { LAB_PRESETS, type LabSettings } from '../../../../src/train/lab/labSettings';
import { BalanceLabTrainer } from '../../../../src/train/lab/labTrainer';
import { labTokens } from './labFixtures';

const STEPS = 160;
const WINDOW = 40;

async function run(settings: LabSettings): Promise<LabStepEvent[]> {
  const trainer = BalanceLabTrainer.create(settings, labTokens());
  const events: LabStepEvent[] = [];
  try {
    for (let i = 0; i < STEPS; i++) events.push(await trainer.step());
  } finally {
    trainer.dispose();
  }
  return events;
}

/** Mean over the last WINDOW steps of the busier layer's top-2 share. */
function lateTop2(events: LabStepEvent[]): number {
  const late = events.slice(-WINDOW);
  return late.reduce((a, e) => a + Math.max(...e.layers.map((l) => l.top2Share)), 0) / late.length;
}

/** The collapse run, shared by both tests (run once). */
let collapseRun: Promise<LabStepEvent[]> | null = null;
const collapsed = () => (collapseRun ??= run(LAB_PRESETS.collapse));

describe('balance lab: collapse without balance losses, balance with α1', () => {
  beforeAll(async () => {
    await selectNodeBackend();
  });

  it('α = 0 concentrates the load; α1 = 0.02 keeps it near uniform (seed 1, 160 steps)', async () => {
    const collapse = await collapsed();
    const balanced = await run(LAB_PRESETS.balanced);
    const [c, b] = [lateTop2(collapse), lateTop2(balanced)];
    expect(c).toBeGreaterThan(0.5); // two of eight experts take over half the load
    expect(b).toBeLessThan(0.45);
    expect(c - b).toBeGreaterThan(0.15);
    // max/mean load of the last step: far above 1 without the loss, near 1 with it
    const lastMax = (ev: LabStepEvent[]) => ev.slice(-WINDOW).reduce((a, e) => a + e.maxLoad, 0) / WINDOW;
    expect(lastMax(collapse)).toBeGreaterThan(lastMax(balanced) + 0.5);
    expect(lastMax(balanced)).toBeLessThan(2);
    // device-limited routing holds at every step of both runs
    for (const e of [...collapse, ...balanced]) expect(e.groupsMax).toBeLessThanOrEqual(LAB_PRESETS.balanced.topkGroup);
    // both runs learn (the LM loss falls from about ln 1536 ≈ 7.3)
    for (const ev of [collapse, balanced]) expect(ev.at(-1)!.lmLoss).toBeLessThan(ev[0].lmLoss - 1);
  });

  it('V3 bias balancing with every α = 0 keeps the load far below the collapse (seed 1, 160 steps)', async () => {
    const settings = LAB_PRESETS.v3bias;
    expect([settings.alphaExpert, settings.alphaDevice, settings.alphaComm]).toEqual([0, 0, 0]);
    expect(settings.seed).toBe(LAB_PRESETS.collapse.seed);
    const collapse = await collapsed();
    const v3 = await run(settings);
    const [c, b] = [lateTop2(collapse), lateTop2(v3)];
    expect(b).toBeLessThan(0.45);
    expect(c - b).toBeGreaterThan(0.15);
    // the biases moved, by exactly ±γ or 0 per expert and step, and never reached a gradient
    const nr = v3[0].layers[0].f.length;
    v3.forEach((e, i) =>
      e.layers.forEach((l, j) => {
        const before = i === 0 ? new Array<number>(nr).fill(0) : v3[i - 1].layers[j].bias!;
        l.bias!.forEach((x, k) => expect([-1, 0, 1]).toContain(Math.round((x - before[k]) / settings.gamma)));
      }),
    );
    expect(v3.at(-1)!.layers.some((l) => l.bias!.some((x) => Math.abs(x) > 5 * settings.gamma))).toBe(true);
    for (const e of v3) expect(e.groupsMax).toBeLessThanOrEqual(settings.topkGroup);
    expect(v3.at(-1)!.lmLoss).toBeLessThan(v3[0].lmLoss - 1);
  }, 240_000); // one more lab run, and the collapse run too when this test runs alone
});
