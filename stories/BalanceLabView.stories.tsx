import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { LAB_INITIAL, type BalanceLabState } from '../src/state/balanceLabSlice';
import { parseLabRun, type LabRunFile } from '../src/train/lab/labRun';
import { BalanceLabView, type BalanceLabViewProps } from '../src/viz/balancelab/BalanceLabView';
import { formatNumber } from '../src/viz/common/format';
import balancedJson from './fixtures/balance-lab-balanced.json';
import collapseJson from './fixtures/balance-lab-collapse.json';
import droppingJson from './fixtures/balance-lab-dropping.json';
import v3biasJson from './fixtures/balance-lab-v3bias.json';

/** Runs recorded from the real trainer by `npm run record-balance-lab` (validated like a loaded file). */
const collapse = parseLabRun(collapseJson);
const balanced = parseLabRun(balancedJson);
const dropping = parseLabRun(droppingJson);
const v3bias = parseLabRun(v3biasJson);

/** The lab state after training `run` live (as the store holds it). */
const live = (run: LabRunFile): BalanceLabState => ({
  ...LAB_INITIAL,
  status: 'ready',
  backend: { active: 'wasm', adapter: null, attempts: [{ name: 'wasm', ok: true, ms: 1 }] },
  settings: run.settings,
  layers: run.layers,
  experts: run.points[0].f[0].length,
  points: run.points,
});

/** Busiest expert of the last step in the heatmap's layer (the last MoE layer). */
const busiest = (run: LabRunFile) => {
  const f = run.points.at(-1)!.f.at(-1)!;
  const e = f.indexOf(Math.max(...f));
  return { e, f: formatNumber(f[e]) };
};

const actions = {
  onPlay: fn(),
  onPause: fn(),
  onStep: fn(),
  onReset: fn(),
  onPreset: fn(),
  onChange: fn(),
  onLoadRun: fn(),
  onMessage: fn(),
};

/** The view with a message line driven by its own callbacks, as the store would. */
function WithMessages(props: BalanceLabViewProps) {
  const [lab, setLab] = useState(props.lab);
  return (
    <BalanceLabView
      {...props}
      lab={lab}
      onMessage={(message) => setLab((l) => ({ ...l, message }))}
      onLoadRun={(run) => setLab((l) => ({ ...l, points: run.points, layers: run.layers, loadedFrom: run.backend }))}
    />
  );
}

const meta = {
  title: 'Labs/Balance lab',
  component: BalanceLabView,
  args: { lab: live(collapse), ...actions },
} satisfies Meta<typeof BalanceLabView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** All balance losses off, 160 recorded steps: a few experts carry the load. */
export const Collapse: Story = {
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    const region = c.getByRole('region', { name: 'Balance lab' });
    await expect(region).toBeInTheDocument();
    const last = collapse.points.at(-1)!;
    await expect(c.getByRole('status')).toHaveTextContent(`Backend wasm · step ${last.step}`);
    await expect(c.getByTestId('lab-lm-loss')).toHaveTextContent(formatNumber(last.lmLoss, 3));
    const { e, f } = busiest(collapse);
    await expect(c.getByRole('img', { name: /Per-expert load f of layer 1 over steps 1–160/ })).toHaveAccessibleName(
      `Per-expert load f of layer 1 over steps 1–160; at the last step expert ${e} carries ${f}× its fair share`,
    );
    await expect(c.getByRole('img', { name: /^LM loss over 160 steps/ })).toBeInTheDocument();
    await userEvent.click(c.getByRole('button', { name: 'Show data: Balance losses L/α' }));
    const table = c.getByRole('table', { name: /Each balance loss divided by its α/ });
    await expect(within(table).getAllByRole('row')).toHaveLength(161);
    await userEvent.click(c.getByRole('button', { name: 'Play' }));
    await expect(args.onPlay).toHaveBeenCalled();
    await userEvent.click(c.getByRole('button', { name: 'V2 losses: α1 = 0.02' }));
    await expect(args.onPreset).toHaveBeenCalledWith('balanced');
  },
};

/** α1 = 0.02, same seed: the load stays much closer to even (max/mean near 1–2). */
export const Balanced: Story = {
  args: { lab: live(balanced) },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const { e, f } = busiest(balanced);
    await expect(c.getByRole('img', { name: /Per-expert load f of layer 1/ })).toHaveAccessibleName(
      `Per-expert load f of layer 1 over steps 1–160; at the last step expert ${e} carries ${f}× its fair share`,
    );
    // the recorded runs show the demonstration: the collapsed run's busiest expert carries more
    await expect(Math.max(...collapse.points.at(-1)!.f.at(-1)!)).toBeGreaterThan(
      Math.max(...balanced.points.at(-1)!.f.at(-1)!),
    );
  },
};

/** Token dropping on at capacity factor 1: the share-dropped chart is above 0. */
export const Dropping: Story = {
  args: { lab: live(dropping) },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(dropping.points.some((p) => p.dropShare > 0)).toBe(true);
    await expect(c.getByRole('img', { name: /^Share dropped over 40 steps/ })).toBeInTheDocument();
    await expect(c.getByRole('checkbox', { name: 'Token dropping' })).toBeChecked();
  },
};

/** DeepSeek-V3's bias balancing, same seed, every α = 0: the biases move by ±γ and the load stays even. */
export const V3Bias: Story = {
  args: { lab: live(v3bias) },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('combobox', { name: /^Balancing/ })).toHaveValue('bias');
    await expect(c.getByRole('spinbutton', { name: 'γ bias speed' })).toHaveValue(0.01);
    await expect(c.getByText('V3 bias balancing is on: every α is 0.')).toBeInTheDocument();
    await expect(c.getByRole('spinbutton', { name: 'α1 expert' })).toBeDisabled();
    const bias = v3bias.points.at(-1)!.bias!.at(-1)!;
    await expect(c.getByRole('img', { name: /^Expert bias b \(V3\) over 160 steps; latest E0 / })).toHaveAccessibleName(
      `Expert bias b (V3) over 160 steps; latest ${bias.map((b, e) => `E${e} ${formatNumber(b, 2)}`).join(', ')}`,
    );
    // the recorded runs show the demonstration: the bias run's busiest expert carries less than the collapse's
    await expect(Math.max(...v3bias.points.at(-1)!.f.at(-1)!)).toBeLessThan(
      Math.max(...collapse.points.at(-1)!.f.at(-1)!),
    );
    await userEvent.click(c.getByRole('button', { name: 'Collapse: all α = 0' }));
    await expect(args.onPreset).toHaveBeenCalledWith('collapse');
  },
};

/** The three presets on one seed: V3 bias live, Collapse and V2 losses kept from earlier runs. */
export const Overlaid: Story = {
  args: {
    lab: {
      ...live(v3bias),
      overlays: [
        { preset: 'collapse', settings: collapse.settings, points: collapse.points },
        { preset: 'balanced', settings: balanced.settings, points: balanced.points },
      ],
    },
    onClearOverlays: fn(),
  },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.getByText(/^Earlier runs on the charts, same seed: Collapse, V2 losses\./)).toBeInTheDocument();
    const last = (run: LabRunFile) => formatNumber(run.points.at(-1)!.lmLoss, 2);
    await expect(c.getByRole('img', { name: /^LM loss over 160 steps/ })).toHaveAccessibleName(
      `LM loss over 160 steps; latest LM loss ${last(v3bias)}, Collapse (earlier) ${last(collapse)}, V2 losses (earlier) ${last(balanced)}`,
    );
    await userEvent.click(c.getByRole('button', { name: 'Clear earlier runs' }));
    await expect(args.onClearOverlays).toHaveBeenCalled();
  },
};

/** Training in progress: Pause replaces Play and single steps are off. */
export const Playing: Story = {
  args: { lab: { ...live(balanced), playing: true } },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('button', { name: 'Step' })).toBeDisabled();
    await userEvent.click(c.getByRole('button', { name: 'Pause' }));
    await expect(args.onPause).toHaveBeenCalled();
  },
};

/** A file that is not a lab run: one clear line, and the charts keep the run on screen. */
export const BadRunFile: Story = {
  render: (args) => <WithMessages {...args} />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const input = canvasElement.querySelector('input[type="file"]') as HTMLInputElement;
    await userEvent.upload(
      input,
      new File(['{"format":"something else"}'], 'notes.json', { type: 'application/json' }),
    );
    await expect(await c.findByRole('alert')).toHaveTextContent(
      'notes.json: not a lab run: "format" is "something else", expected "tinyseek-balance-lab-run"',
    );
    await expect(c.getByTestId('lab-lm-loss')).toHaveTextContent(formatNumber(collapse.points.at(-1)!.lmLoss, 3));
    // a real run file loads
    const good = new File([JSON.stringify(balanced)], 'run.json', { type: 'application/json' });
    await userEvent.upload(input, good);
    await expect(await c.findByText(/Showing a loaded run: 160 steps on node:wasm/)).toBeInTheDocument();
  },
};
