/**
 * Touch has no hover. On a chart whose marks show their details on hover (an SVG <title>), a tap
 * shows the same details in the page, and a second tap on the same mark does what a click does
 * (select its token), as a mouse click does at once. A pure step, so it is tested without a DOM.
 */

/** The mark a tap found: a key naming it, and the text its hover shows. */
export interface TapMark {
  key: string;
  text: string;
}

export interface TapResult {
  /** the details shown after this press (null: none). */
  shown: TapMark | null;
  /** whether the click that follows the press goes on to the chart (false: the tap only revealed). */
  click: boolean;
}

/**
 * What a press does.
 * @param shown the details shown before it.
 * @param pointerType the PointerEvent's `pointerType`: 'mouse', 'touch' or 'pen'.
 * @param mark the mark under the press, or null.
 */
export function tapStep(shown: TapMark | null, pointerType: string, mark: TapMark | null): TapResult {
  // a mouse has hover (the <title> tooltip), so a click acts at once and leaves the details alone
  if (pointerType === 'mouse') return { shown, click: true };
  if (!mark) return { shown: null, click: true };
  if (shown?.key === mark.key) return { shown: mark, click: true };
  return { shown: mark, click: false };
}
