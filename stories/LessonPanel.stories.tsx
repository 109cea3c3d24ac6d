import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { lessonById } from '../src/lessons';
import { LessonPanel, type LessonPanelProps } from '../src/lessons/LessonPanel';
import { LessonPicker } from '../src/lessons/LessonPicker';
import { LESSONS } from '../src/lessons';
import '../src/classroom/classroom.css';
import { recordedState } from './support/lessonState';

const mla = lessonById('mla')!;
const experts = lessonById('experts')!;

/** The panel with its own guess, reveal and step state, answering from the recorded session. */
function Live(props: LessonPanelProps) {
  const [step, setStep] = useState(props.step);
  const [guesses, setGuesses] = useState<Record<number, string>>({});
  const [revealed, setRevealed] = useState<Record<number, boolean>>({});
  const q = props.lesson.steps[step].question;
  return (
    <LessonPanel
      {...props}
      step={step}
      guess={guesses[step] ?? ''}
      revealed={revealed[step] ?? false}
      answer={q.answer(recordedState())}
      onGuess={(g) => setGuesses({ ...guesses, [step]: g })}
      onReveal={() => setRevealed({ ...revealed, [step]: true })}
      onStep={(s) => {
        props.onStep(s);
        setStep(s);
      }}
    />
  );
}

const meta = {
  component: LessonPanel,
  title: 'Classroom/LessonPanel',
  args: {
    lesson: mla,
    step: 0,
    guess: '',
    revealed: false,
    answer: mla.steps[0].question.answer(recordedState()),
    runReady: false,
    presenter: false,
    onGuess: fn(),
    onReveal: fn(),
    onRun: fn(),
    onStep: fn(),
    onPresenter: fn(),
    onClose: fn(),
  },
  render: (args) => <Live {...args} />,
} satisfies Meta<typeof LessonPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Lesson 2, step 1: predict how many values MLA keeps, check, and see the model's own count. */
export const PredictThenCheck: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const l = recordedState().records.at(-1)!.layers[1];
    const held = l.cKV.length + l.kR.length;
    await expect(c.getByRole('heading', { level: 2 })).toHaveTextContent('Step 1 of 4');
    await userEvent.click(c.getByRole('button', { name: 'Check my prediction' }));
    await expect(c.getByRole('alert')).toHaveTextContent('Type a number first.');
    await userEvent.type(c.getByLabelText('Your prediction'), String(held));
    await userEvent.click(c.getByRole('button', { name: 'Check my prediction' }));
    await expect(c.getByTestId('lesson-answer')).toHaveTextContent(`${held} values`);
    await expect(c.getByText('Right!')).toBeVisible();
  },
};

/** A wrong prediction is told so, with the live figure and how it was found. */
export const WrongPrediction: Story = {
  args: { lesson: experts },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    const routing = recordedState().records.at(-1)!.layers[1].routing!;
    await userEvent.type(c.getByLabelText('Your prediction'), '1');
    await userEvent.click(c.getByRole('button', { name: 'Check my prediction' }));
    await expect(c.getByText('Not quite.')).toBeVisible();
    await expect(c.getByTestId('lesson-answer')).toHaveTextContent(`${routing.experts.length} experts`);
    await expect(c.getByText(new RegExp(`experts ${routing.experts.join(', ')}`))).toBeVisible();
  },
};

/** The step buttons: previous, numbered steps and next, with the step's title taking the focus. */
export const Stepping: Story = {
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.getByRole('button', { name: 'Previous step' })).toBeDisabled();
    await userEvent.click(c.getByRole('button', { name: 'Next step' }));
    await expect(args.onStep).toHaveBeenLastCalledWith(1);
    await expect(c.getByRole('heading', { level: 2 })).toHaveTextContent('Against ordinary multi-head attention');
    await expect(c.getByRole('heading', { level: 2 })).toHaveFocus();
    await userEvent.click(c.getByRole('button', { name: /^Step 4 of 4/ }));
    await expect(c.getByRole('button', { name: 'Next step' })).toBeDisabled();
    await expect(c.getByRole('button', { name: /^Step 4 of 4/ })).toHaveAttribute('aria-current', 'step');
  },
};

/** A choice question (lesson 3, step 3): the right choice is decided from the recorded path difference. */
export const ChoiceQuestion: Story = {
  args: { lesson: lessonById('rope')!, step: 2 },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await userEvent.click(c.getByRole('radio', { name: /Below 0.0001/ }));
    await userEvent.click(c.getByRole('button', { name: 'Check my prediction' }));
    await expect(c.getByText('Right!')).toBeVisible();
  },
};

/** The list of lessons. */
export const Picker: StoryObj<typeof LessonPicker> = {
  render: () => <LessonPicker lessons={LESSONS} onOpen={fn()} />,
  play: async ({ canvasElement }) => {
    const buttons = within(canvasElement).getAllByRole('button');
    await expect(buttons.map((b) => b.textContent)).toEqual(LESSONS.map((l) => l.title));
  },
};
