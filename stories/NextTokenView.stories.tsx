import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fireEvent, fn, userEvent, within } from 'storybook/test';
import type { RecordedSession } from '../src/session/recordedSession';
import { NextTokenView, type NextTokenViewProps } from '../src/viz/nexttoken/NextTokenView';
import type { NextTokenInterventions } from '../src/viz/nexttoken/interventions';
import { formatPercent } from '../src/viz/common/format';
import storyJson from './fixtures/session-story.json';
import sumJson from './fixtures/session-sum.json';

/** Sessions recorded from the real model by `npm run record-stories`. */
const story = storyJson as unknown as RecordedSession;
const sum = sumJson as unknown as RecordedSession;

/** ‘␣time’ in "Once upon a time". */
const SELECTED = story.records.findIndex((r) => r.text === '␣time');
const rec = story.records[SELECTED];
/** The experts ‘␣time’ used in layer 1 and layer 3, as recorded. */
const used1 = rec.layers[1].routing!.experts;
const used3 = rec.layers[3].routing!.experts;
/** An expert ‘␣time’ did not use in layer 3. */
const unused3 = Array.from({ length: 16 }, (_, e) => e).find((e) => !used3.includes(e))!;

/** The what-if panel, second figure of the view. */
const whatIfFigure = (canvas: HTMLElement) => canvas.querySelectorAll('figure')[1] as HTMLElement;

/** What the app does: it keeps the interventions and hands them back to the view. */
function Controlled(props: NextTokenViewProps) {
  const [interventions, setInterventions] = useState<NextTokenInterventions>(props.interventions);
  return (
    <NextTokenView
      {...props}
      interventions={interventions}
      onChangeInterventions={(i) => {
        setInterventions(i);
        props.onChangeInterventions(i);
      }}
    />
  );
}

const meta = {
  title: 'Views/Next token',
  component: NextTokenView,
  args: {
    baseline: rec.next,
    whatIf: null,
    interventions: {},
    config: story.config,
    records: story.records,
    selected: SELECTED,
    untrained: story.untrained,
    onChangeInterventions: fn(),
  },
} satisfies Meta<typeof NextTokenView>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The recorded distribution after ‘␣time’; each control reports the interventions it asks for. */
export const Recorded: Story = {
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('region', { name: 'Next token' })).toBeInTheDocument();
    await expect(c.queryByText(/untrained \(random\) weights/) !== null).toBe(story.untrained);
    const top = rec.next[0];
    const chart = c.getByRole('img', { name: /most likely next tokens after ‘␣time’, as recorded/ });
    await expect(chart).toHaveAccessibleName(expect.stringContaining(`‘${top.text}’ ${formatPercent(top.p)}`));
    await expect(chart.querySelectorAll('.nt-row')).toHaveLength(10);
    await userEvent.click(c.getByRole('button', { name: 'Show data: Recorded next-token distribution' }));
    const table = c.getByRole('table', { name: /as recorded/ });
    await expect(within(table).getAllByRole('row')).toHaveLength(11);
    await expect(within(table).getByRole('row', { name: new RegExp(`^1 ‘${top.text}’ ${top.id}`) })).toBeVisible();
    await expect(within(whatIfFigure(canvasElement)).getByText(/Change a control below/)).toBeVisible();
    await expect(c.getByRole('button', { name: 'Reset' })).toBeDisabled();

    await userEvent.click(c.getByRole('button', { name: new RegExp(`: switch off expert ${used1[0]} in layer 1$`) }));
    await expect(args.onChangeInterventions).toHaveBeenLastCalledWith({ disabledExperts: { 1: [used1[0]] } });

    await userEvent.click(c.getByRole('checkbox', { name: /Switch off the shared experts/ }));
    await expect(args.onChangeInterventions).toHaveBeenLastCalledWith({ disableShared: true });

    await fireEvent.change(c.getByRole('slider', { name: /top-k/ }), { target: { value: '2' } });
    await expect(args.onChangeInterventions).toHaveBeenLastCalledWith({ topK: 2 });

    const layer3 = c.getByRole('group', { name: 'Layer 3' });
    await userEvent.type(within(layer3).getByRole('spinbutton', { name: /Any expert/ }), String(unused3));
    await userEvent.click(within(layer3).getByRole('button', { name: `Switch off expert ${unused3} in layer 3` }));
    await expect(args.onChangeInterventions).toHaveBeenLastCalledWith({ disabledExperts: { 3: [unused3] } });
    await expect(args.onChangeInterventions).toHaveBeenCalledTimes(4);
  },
};

/** With the app's state in the loop: toggles stay pressed, a second click switches back on, Reset clears. */
export const Interactive: Story = {
  render: (args) => <Controlled {...args} />,
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    const toggle = c.getByRole('button', { name: new RegExp(`: switch off expert ${used3[1]} in layer 3$`) });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(args.onChangeInterventions).toHaveBeenLastCalledWith({ disabledExperts: { 3: [used3[1]] } });
    await expect(c.getByText(`What if: layer 3: expert ${used3[1]} off`)).toBeVisible();

    await userEvent.click(c.getByRole('checkbox', { name: /shared experts/ }));
    await expect(args.onChangeInterventions).toHaveBeenLastCalledWith({
      disabledExperts: { 3: [used3[1]] },
      disableShared: true,
    });
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(args.onChangeInterventions).toHaveBeenLastCalledWith({ disableShared: true });

    const slider = c.getByRole('slider', { name: /top-k/ });
    await fireEvent.change(slider, { target: { value: '6' } });
    await expect(c.getByTestId('topk-value')).toHaveTextContent('6');
    await expect(args.onChangeInterventions).toHaveBeenLastCalledWith({ disableShared: true, topK: 6 });

    const reset = c.getByRole('button', { name: 'Reset' });
    await expect(reset).toBeEnabled();
    reset.focus();
    await userEvent.keyboard('{Enter}');
    await expect(args.onChangeInterventions).toHaveBeenLastCalledWith({});
    await expect(c.getByRole('checkbox', { name: /shared experts/ })).not.toBeChecked();
    await expect(c.getByTestId('topk-value')).toHaveTextContent(String(story.config.num_experts_per_tok));
  },
};

/** Interventions set and the worker still computing: the controls show them, the panel says it is busy. */
export const Pending: Story = {
  args: {
    interventions: { topK: 2, disableShared: true, disabledExperts: { 1: [used1[0]], 3: [unused3] } },
    pending: true,
  },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(within(whatIfFigure(canvasElement)).getByRole('status')).toHaveTextContent(
      'Computing the what-if distribution…',
    );
    await expect(whatIfFigure(canvasElement)).toHaveAttribute('aria-busy', 'true');
    await expect(
      c.getByText(
        `What if: top-k 2 · shared experts off · layer 1: expert ${used1[0]} off · layer 3: expert ${unused3} off`,
      ),
    ).toBeVisible();
    await expect(c.getByRole('slider', { name: /top-k/ })).toHaveValue('2');
    await expect(c.getByRole('checkbox', { name: /shared experts/ })).toBeChecked();
    await expect(
      c.getByRole('button', { name: new RegExp(`: switch off expert ${used1[0]} in layer 1$`) }),
    ).toHaveAttribute('aria-pressed', 'true');
    await expect(
      c.getByRole('button', { name: new RegExp(`: switch off expert ${unused3} in layer 3$`) }),
    ).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(c.getByRole('button', { name: new RegExp(`: switch off expert ${unused3} in layer 3$`) }));
    await expect(args.onChangeInterventions).toHaveBeenLastCalledWith({
      topK: 2,
      disableShared: true,
      disabledExperts: { 1: [used1[0]] },
    });
    await userEvent.click(c.getByRole('button', { name: 'Reset' }));
    await expect(args.onChangeInterventions).toHaveBeenLastCalledWith({});
  },
};

/** Position of ‘=’ in the recorded sum prompt "37+48=". */
const equals = sum.records.findIndex((r) => r.text === '=');

/** The recorded sum prompt "37+48=", after ‘=’. */
export const AfterEquals: Story = {
  args: { baseline: sum.records[equals].next, config: sum.config, records: sum.records, selected: equals },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('img', { name: /after ‘=’, as recorded/ })).toBeInTheDocument();
    await expect(c.getAllByRole('group', { name: /^Layer \d$/ })).toHaveLength(3);
    for (const layer of [1, 2, 3]) {
      for (const e of sum.records[equals].layers[layer].routing!.experts) {
        await expect(
          c.getByRole('button', { name: new RegExp(`: switch off expert ${e} in layer ${layer}$`) }),
        ).toBeVisible();
      }
    }
  },
};
