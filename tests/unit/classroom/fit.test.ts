import { describe, expect, it } from 'vitest';
import { FIT_LIMITS, fitZoom } from '../../../src/classroom/fit';

/** A box of text: at zoom z its lines are z× as tall and 1/z as wide, so it has z² of its height. */
const textBox = (height: number) => (z: number) => height * z * z;

describe('fitZoom', () => {
  it('shrinks a box taller than its room to the largest zoom that fits', () => {
    const measure = textBox(1350);
    const z = fitZoom(1, measure, 674);
    expect(measure(z)).toBeLessThanOrEqual(674);
    expect(measure(z)).toBeGreaterThan(674 * (1 - FIT_LIMITS.settle));
  });

  it('grows a box shorter than its room, up to the limit', () => {
    const measure = textBox(400);
    const z = fitZoom(1, measure, 600);
    expect(z).toBeGreaterThan(1);
    expect(measure(z)).toBeLessThanOrEqual(600);
    expect(fitZoom(1, textBox(50), 1000)).toBe(FIT_LIMITS.max);
  });

  it('keeps a zoom that fits and fills the room, so the resize its change causes ends there', () => {
    const measure = textBox(1350);
    const z = fitZoom(1, measure, 674);
    expect(fitZoom(z, measure, 674)).toBe(z);
  });

  it('never goes under the smallest readable zoom', () => {
    expect(fitZoom(1, textBox(100_000), 500)).toBe(FIT_LIMITS.min);
    expect(fitZoom(FIT_LIMITS.min, textBox(100_000), 500)).toBe(FIT_LIMITS.min);
  });

  it('finds the zoom whatever the zoom in force', () => {
    const measure = (z: number) => 900 * z; // a chart: its height scales with the zoom
    for (const start of [0.4, 0.7, 1, 1.5]) {
      const z = fitZoom(start, measure, 600);
      expect(measure(z)).toBeLessThanOrEqual(600);
      expect(measure(z)).toBeGreaterThan(600 * (1 - FIT_LIMITS.settle));
    }
  });

  it('leaves the zoom alone when nothing is measured yet', () => {
    expect(fitZoom(1, () => 0, 600)).toBe(1);
    expect(fitZoom(1, textBox(500), 0)).toBe(1);
  });
});
