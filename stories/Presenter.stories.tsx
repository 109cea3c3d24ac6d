import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { lessonById } from '../src/lessons';
import { LessonPanel } from '../src/lessons/LessonPanel';
import { useLessonKeys } from '../src/lessons/useLessonKeys';
import '../src/classroom/classroom.css';
import { recordedState } from './support/lessonState';

const mla = lessonById('mla')!;

/** The lesson panel in presenter mode, as the app shows it: large type, high contrast, PageUp/PageDown. */
function Presenter({ onStep }: { onStep: (s: number) => void }) {
  const [step, setStep] = useState(0);
  const [presenter, setPresenter] = useState(true);
  const [revealed, setRevealed] = useState(false);
  useEffect(() => {
    document.documentElement.classList.toggle('presenter', presenter);
    return () => document.documentElement.classList.remove('presenter');
  }, [presenter]);
  const go = (s: number) => {
    const next = Math.max(0, Math.min(mla.steps.length - 1, s));
    setStep(next);
    setRevealed(false);
    onStep(next);
  };
  useLessonKeys({
    active: true,
    next: () => go(step + 1),
    prev: () => go(step - 1),
    leavePresenter: presenter ? () => setPresenter(false) : undefined,
  });
  return (
    <LessonPanel
      lesson={mla}
      step={step}
      guess=""
      revealed={revealed}
      answer={mla.steps[step].question.answer(recordedState())}
      runReady={false}
      presenter={presenter}
      onGuess={fn()}
      onReveal={() => setRevealed(true)}
      onRun={fn()}
      onStep={setStep}
      onPresenter={setPresenter}
      onClose={fn()}
    />
  );
}

const meta = {
  component: Presenter,
  title: 'Classroom/Presenter',
  args: { onStep: fn() },
} satisfies Meta<typeof Presenter>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Large type and the clicker's keys: PageDown and PageUp move through the steps, Escape leaves. */
export const ClickerKeys: Story = {
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement);
    await expect(c.getByText(/Presenter mode is on/)).toBeVisible();
    const size = parseFloat(getComputedStyle(c.getByRole('heading', { level: 2 })).fontSize);
    await expect(size).toBeGreaterThanOrEqual(40);
    await expect(getComputedStyle(document.documentElement).getPropertyValue('--ink').trim()).toMatch(
      /^#(000000|ffffff)$/,
    );
    await userEvent.keyboard('{PageDown}');
    await expect(args.onStep).toHaveBeenLastCalledWith(1);
    await expect(c.getByRole('heading', { level: 2 })).toHaveTextContent('Step 2 of 4');
    await userEvent.keyboard('{PageUp}');
    await expect(c.getByRole('heading', { level: 2 })).toHaveTextContent('Step 1 of 4');
    await userEvent.click(c.getByRole('button', { name: 'Show the answer' }));
    await expect(c.getByTestId('lesson-answer')).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect(c.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute('aria-pressed', 'false');
  },
};
