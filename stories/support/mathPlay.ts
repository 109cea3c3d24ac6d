/** Checks the stories share for a view's "The math" section (src/viz/common/MathSection). */
import { expect, waitFor } from 'storybook/test';

/** The section inside `root`; fails when there is none. */
export function mathSection(root: HTMLElement): HTMLDetailsElement {
  const section = root.querySelector<HTMLDetailsElement>('details[data-testid="math"]');
  if (!section) throw new Error('no "The math" section');
  return section;
}

/** The text of the section's right-hand column: every substituted number. */
export const mathValues = (root: HTMLElement) =>
  [...mathSection(root).querySelectorAll('.math-values')].map((v) => v.textContent).join(' | ');

/**
 * The section is open, titled "The math", typeset as MathML with the paper's equation numbers
 * `tags` in order; after `step` its numbers are different.
 */
export async function expectMathSteps(root: HTMLElement, tags: string[], step: () => Promise<unknown> | unknown) {
  const section = mathSection(root);
  await expect(section.open).toBe(true);
  await expect(section.querySelector('summary')).toHaveTextContent('The math');
  await expect(section.querySelectorAll('math').length).toBeGreaterThanOrEqual(2 * tags.length);
  await expect(section.querySelector('.temml-error')).toBeNull();
  await expect([...section.querySelectorAll('.tml-tag')].map((t) => t.textContent)).toEqual(tags.map((t) => `(${t})`));
  const before = mathValues(root);
  await step();
  await waitFor(() => expect(mathValues(root)).not.toBe(before));
}
