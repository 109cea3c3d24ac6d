/** The strings "The math" sections share (src/viz/common/MathSection); each view adds its captions. */

export const math = {
  title: 'The math',
  v2: 'Equations numbered as in the DeepSeek-V2 paper (arXiv 2405.04434).',
  grpo: 'Equations numbered as in the DeepSeekMath paper (arXiv 2402.03300).',
  unnumbered: 'Lines without a number are not numbered in the paper.',
  valuesFor: (whose: string) => `Numbers of ${whose}:`,
};
