import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fireEvent, fn, userEvent, within } from 'storybook/test';
import { Transport, type TransportProps } from '../src/app/Transport';
import type { RecordedSession } from '../src/session/recordedSession';
import storyJson from './fixtures/session-story.json';

/** A session recorded from the real model by `npm run record-stories`: prompt tokens, then generated ones. */
const story = storyJson as unknown as RecordedSession;
const records = story.records;
const last = records.length - 1;
const lastPrompt = records.filter((r) => r.source === 'prompt').length - 1;

const strip = (canvas: HTMLElement) => within(within(canvas).getByRole('list', { name: 'Tokens' }));

/** What the app does: the selection is state, clicking or scrubbing moves it. */
function Scrubber(props: TransportProps) {
  const [selected, setSelected] = useState(props.selected);
  return (
    <Transport
      {...props}
      selected={selected}
      onSelect={(i) => {
        props.onSelect(i);
        setSelected(i);
      }}
    />
  );
}

const meta = {
  title: 'App/Transport',
  component: Transport,
  args: {
    records,
    selected: lastPrompt,
    playing: false,
    busy: false,
    contextFull: false,
    endOfText: false,
    onStepBack: fn(),
    onStepForward: fn(),
    onTogglePlay: fn(),
    onSelect: fn(),
  },
} satisfies Meta<typeof Transport>;
export default meta;
type Story = StoryObj<typeof meta>;

/** On the last prompt token: every button works, each token selects itself. */
export const AfterThePrompt: Story = {
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.getByText(`Token ${lastPrompt + 1} of ${records.length}`)).toHaveAttribute('aria-live', 'polite');
    const tokens = strip(canvasElement).getAllByRole('button');
    await expect(tokens.map((b) => b.textContent)).toEqual(records.map((r) => r.text));
    await expect(tokens[lastPrompt]).toHaveAttribute('aria-current', 'true');
    await expect(tokens[lastPrompt + 1]).toHaveClass('generated');

    await userEvent.click(tokens[3]);
    await expect(args.onSelect).toHaveBeenLastCalledWith(3);
    await userEvent.click(tokens[last]);
    await expect(args.onSelect).toHaveBeenLastCalledWith(last);

    const back = c.getByRole('button', { name: 'Back' });
    await expect(back).toBeEnabled();
    await userEvent.click(back);
    await expect(args.onStepBack).toHaveBeenCalledTimes(1);
    const forward = c.getByRole('button', { name: 'Forward' });
    await expect(forward).toHaveAttribute('title', 'Next token (→)');
    await userEvent.click(forward);
    await expect(args.onStepForward).toHaveBeenCalledTimes(1);
    const play = c.getByRole('button', { name: 'Play' });
    await expect(play).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(play);
    await expect(args.onTogglePlay).toHaveBeenCalledTimes(1);
  },
};

/** The timeline is a labelled slider whose value text names the token. */
export const Timeline: Story = {
  play: async ({ canvasElement, args }) => {
    const slider = within(canvasElement).getByRole('slider', { name: 'Token timeline' });
    await expect(slider).toHaveAttribute('max', String(last));
    await expect(slider).toHaveAttribute(
      'aria-valuetext',
      `token ${lastPrompt + 1} of ${records.length}: ${records[lastPrompt].text}`,
    );
    fireEvent.change(slider, { target: { value: '5' } });
    await expect(args.onSelect).toHaveBeenLastCalledWith(5);
  },
};

/** At the first token there is nothing to step back to. */
export const FirstToken: Story = {
  args: { selected: 0 },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('button', { name: 'Back' })).toBeDisabled();
    await expect(c.getByRole('button', { name: 'Forward' })).toBeEnabled();
    await expect(c.getByText(`Token 1 of ${records.length}`)).toBeVisible();
  },
};

/** At the last token, forward generates a new one. */
export const LastToken: Story = {
  args: { selected: last },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.queryByRole('button', { name: 'Forward' })).toBeNull();
    const generate = c.getByRole('button', { name: 'Generate' });
    await expect(generate).toHaveAttribute('title', 'Generate one token (→)');
    await userEvent.click(generate);
    await expect(args.onStepForward).toHaveBeenCalledTimes(1);
  },
};

/** Playing, with the next token being computed: Pause is pressed, and the status line keeps quiet. */
export const Playing: Story = {
  args: { selected: last, playing: true, busy: true },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.queryByRole('button', { name: 'Play' })).toBeNull();
    const pause = c.getByRole('button', { name: 'Pause' });
    await expect(pause).toHaveAttribute('aria-pressed', 'true');
    await expect(c.getByRole('button', { name: 'Generate' })).toBeDisabled();
    const status = c.getByText(`Token ${records.length} of ${records.length} · computing…`);
    await expect(status).toHaveAttribute('aria-live', 'off');
    await expect(status).toHaveAttribute('aria-busy', 'true');
    await userEvent.click(pause);
    await expect(args.onTogglePlay).toHaveBeenCalledTimes(1);
  },
};

/** No room for another token: Generate and Play are off, stepping back still works. */
export const ContextFull: Story = {
  args: { selected: last, contextFull: true },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('button', { name: 'Generate' })).toBeDisabled();
    await expect(c.getByRole('button', { name: 'Play' })).toBeDisabled();
    await expect(c.getByRole('button', { name: 'Back' })).toBeEnabled();
    await expect(c.getByText(/· context full$/)).toHaveAttribute('aria-live', 'polite');
  },
};

/** The model ended the text: Generate and Play are off until "Continue past end of text" is ticked. */
export const EndOfText: Story = {
  args: { selected: last, endOfText: true },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('button', { name: 'Generate' })).toBeDisabled();
    await expect(c.getByRole('button', { name: 'Play' })).toBeDisabled();
    await expect(c.getByRole('button', { name: 'Back' })).toBeEnabled();
    await expect(c.getByText(/· end of text$/)).toHaveAttribute('aria-live', 'polite');
  },
};

/** Embed mode's bar: the buttons and the tokens, no timeline slider. */
export const Minimal: Story = {
  args: { minimal: true },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.queryByRole('slider', { name: 'Token timeline' })).toBeNull();
    await expect(c.getByRole('button', { name: 'Back' })).toBeEnabled();
    await expect(strip(canvasElement).getAllByRole('button')).toHaveLength(records.length);
  },
};

/** Before the first prompt: nothing to step, no timeline. */
export const NoTokens: Story = {
  args: { records: [], selected: -1 },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByText('No tokens yet')).toBeVisible();
    for (const name of ['Back', 'Play', 'Generate']) await expect(c.getByRole('button', { name })).toBeDisabled();
    await expect(c.queryByRole('slider')).toBeNull();
    await expect(c.queryByRole('list')).toBeNull();
  },
};

/**
 * Keyboard: the strip is one tab stop (the selected token), not one per token, and focus follows the
 * selection when it moves while a token has focus.
 */
export const KeyboardFocus: Story = {
  render: (args) => <Scrubber {...args} />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await userEvent.click(c.getByRole('button', { name: 'Back' }));
    await userEvent.tab();
    await expect(c.getByRole('button', { name: 'Play' })).toHaveFocus();
    await userEvent.tab();
    await expect(c.getByRole('button', { name: 'Forward' })).toHaveFocus();
    await userEvent.tab();
    const slider = c.getByRole('slider', { name: 'Token timeline' });
    await expect(slider).toHaveFocus();
    await userEvent.tab();
    const tokens = () => strip(canvasElement).getAllByRole('button');
    await expect(tokens()[lastPrompt]).toHaveFocus();
    await userEvent.tab();
    await expect(canvasElement).not.toContainElement(document.activeElement as HTMLElement);

    await userEvent.click(tokens()[2]);
    await expect(tokens()[2]).toHaveAttribute('aria-current', 'true');
    await expect(tokens().filter((b) => b.tabIndex === 0)).toEqual([tokens()[2]]);
    fireEvent.change(slider, { target: { value: '7' } });
    await expect(tokens()[7]).toHaveAttribute('aria-current', 'true');
    await expect(tokens()[7]).toHaveFocus();
  },
};

/** While playing, focus stays where it is: a focus move per generated token would be read out each time. */
export const FocusStaysWhilePlaying: Story = {
  args: { playing: true },
  render: (args) => <Scrubber {...args} />,
  play: async ({ canvasElement }) => {
    const tokens = () => strip(canvasElement).getAllByRole('button');
    await userEvent.click(tokens()[2]);
    fireEvent.change(within(canvasElement).getByRole('slider', { name: 'Token timeline' }), { target: { value: '7' } });
    await expect(tokens()[7]).toHaveAttribute('aria-current', 'true');
    await expect(tokens()[2]).toHaveFocus();
  },
};
