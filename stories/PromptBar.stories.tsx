import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { EXAMPLE_PROMPTS, PromptBar } from '../src/app/PromptBar';
import type { RecordedSession } from '../src/session/recordedSession';
import storyJson from './fixtures/session-story.json';

/** The prompt the recorded session ran. */
const story = storyJson as unknown as RecordedSession;

const meta = {
  title: 'App/PromptBar',
  component: PromptBar,
  args: { prompt: story.prompt, ready: true, truncated: 0, cut: 0, error: null, onChange: fn(), onRun: fn() },
} satisfies Meta<typeof PromptBar>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Enter runs the prompt; Shift+Enter is a new line; the button runs it too. */
export const Ready: Story = {
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    const box = c.getByRole('textbox', { name: 'Prompt' });
    await expect(box).toHaveValue(story.prompt);
    await expect(box).toHaveAccessibleDescription(/Enter runs the prompt, Shift\+Enter starts a new line/);
    await userEvent.click(box);
    await userEvent.keyboard('{Enter}');
    await expect(args.onRun).toHaveBeenCalledTimes(1);
    await expect(args.onChange).not.toHaveBeenCalled();
    await userEvent.keyboard('{Shift>}{Enter}{/Shift}');
    await expect(args.onRun).toHaveBeenCalledTimes(1);
    await expect(args.onChange).toHaveBeenCalledTimes(1);
    await expect(args.onChange).toHaveBeenLastCalledWith(expect.stringContaining('\n'));
    await userEvent.click(c.getByRole('button', { name: 'Run prompt' }));
    await expect(args.onRun).toHaveBeenCalledTimes(2);
    await expect(c.getByRole('status')).toBeEmptyDOMElement();
    await expect(c.queryByRole('alert')).toBeNull();
  },
};

/** Picking an example replaces the prompt (it does not run it); the menu goes back to its title. */
export const PickAnExample: Story = {
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    const menu = c.getByRole('combobox', { name: 'Example prompts' });
    await expect(within(menu).getAllByRole('option')).toHaveLength(EXAMPLE_PROMPTS.length + 1);
    await userEvent.selectOptions(menu, EXAMPLE_PROMPTS[3]);
    await expect(args.onChange).toHaveBeenCalledWith(EXAMPLE_PROMPTS[3]);
    await expect(args.onRun).not.toHaveBeenCalled();
    await expect(menu).toHaveValue('');
  },
};

/** While the model loads the button is disabled. */
export const NotReady: Story = {
  args: { ready: false },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('button', { name: 'Run prompt' })).toBeDisabled();
  },
};

/** The last run's prompt was longer than three quarters of the context: its first tokens were dropped. */
export const Truncated: Story = {
  args: { truncated: 97 },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent(
      "The prompt was longer than the model's context: its first 97 tokens were left out.",
    );
  },
};

/** Text over the prompt box's cap was cut: the box says how much. */
export const Cut: Story = {
  args: { cut: 2_490_000 },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent(
      'The prompt box holds 10,000 characters: the last 2,490,000 were cut.',
    );
  },
};

/** The session's answer to an empty prompt (GenerationSession.start). */
export const EmptyPromptError: Story = {
  args: { prompt: '', error: 'the prompt is empty: type some text to start' },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('alert')).toHaveTextContent('the prompt is empty: type some text to start');
    await expect(c.getByRole('textbox', { name: 'Prompt' })).toHaveValue('');
  },
};
