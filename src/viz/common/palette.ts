/**
 * Colour-blind-safe categorical colours (Okabe & Ito, 2008), picked per theme so every colour
 * keeps a 3:1 contrast with the panel (WCAG 2.1 1.4.11, graphical objects). Index i has the same
 * hue family in both themes (blue/sky, vermillion/orange, green, purple, black/yellow), and the
 * views label every category in text as well, so colour never carries meaning alone.
 */
import type { CSSProperties } from 'react';

/** The panel backgrounds of src/app/styles.css: the light and the dark theme. */
export const PANEL = { light: '#ffffff', dark: '#1b2128' } as const;

/** Okabe–Ito colours with ≥ 3:1 contrast on each panel, in matching hue order. */
export const CATEGORY = {
  light: ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#000000'],
  dark: ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#F0E442'],
} as const;

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours, 1 … 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Inline CSS custom properties for category i; the views' CSS picks `--cat-light` or
 * `--cat-dark` by the theme (`:root[data-theme='dark']`, set by src/app/theme.ts). Categories beyond the palette repeat its colours.
 */
export function categoryStyle(i: number): CSSProperties {
  const light = CATEGORY.light[i % CATEGORY.light.length];
  const dark = CATEGORY.dark[i % CATEGORY.dark.length];
  return { '--cat-light': light, '--cat-dark': dark } as CSSProperties;
}
